package dev.sluice.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.balance.BalanceContext;
import dev.sluice.routing.decision.EnhancedStatus;
import dev.sluice.routing.decision.NextHop;
import dev.sluice.routing.decision.NextHopType;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.decision.RoutingDecision.DeliveryTarget;
import dev.sluice.routing.model.SmartHost;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LinkedReceiveConnector (issue 5 point 6): which Send connector a Receive connector is linked to, and
 * the resolution through that connector, which bypasses address-space selection but is otherwise what
 * {@link RoutingTable#resolve} gives when selection picks it. The organization is {@link RoutingFixture}'s.
 */
class LinkedReceiveConnectorTest {
  private static final List<String> SERVERS = List.of("HUB1", "HUB2", "HUB3", "HUB4", "HUB5", "HUB6", "EDGE1");
  private static final String HYGIENE =
      "Hygiene spaces=contoso.com src=HUB1,HUB2 smarthosts=hygiene.contoso.com linked=FromHygiene";

  private static RoutingTable table(String connectors) {
    return RoutingTable.build(RoutingFixture.with(RoutingFixture.connectors(connectors)));
  }

  @Test
  void aReceiveConnectorIsLinkedByNameWhateverTheCaseAndOnlyToAnEnabledSendConnector() {
    RoutingTable table = table(HYGIENE + " & Off spaces=* src=HUB2 linked=Old enabled=false & Plain spaces=* src=HUB1");

    assertThat(table.linkedSendConnector("FromHygiene")).contains("Hygiene");
    assertThat(table.linkedSendConnector("FROMHYGIENE")).contains("Hygiene");
    assertThat(table.linkedSendConnector("fromhygiene")).contains("Hygiene");
    assertThat(table.linkedSendConnector("Old")).isEmpty();
    assertThat(table.linkedSendConnector("Default HUB1")).isEmpty();
    assertThat(RoutingTable.deferred("loading").linkedSendConnector("FromHygiene")).isEmpty();
  }

  @Test
  void onAServerOnlyTheReceiveConnectorsOfTheSendConnectorsSourceServersAreLinked() {
    // Validation lets two Send connectors link Receive connectors of one name on different servers.
    RoutingTable table = table("A spaces=* src=HUB1 smarthosts=a.example linked=Hygiene"
        + " & B spaces=* src=HUB3 smarthosts=b.example linked=hygiene");

    assertThat(table.linkedSendConnector("hub1", "HYGIENE")).contains("A");
    assertThat(table.linkedSendConnector("HUB3", "Hygiene")).contains("B");
    assertThat(table.linkedSendConnector("HUB2", "Hygiene")).isEmpty();
    assertThat(table.linkedSendConnector("Hygiene")).as("the first in name order").contains("A");
  }

  @Test
  void fromASourceServerTheLinkedConnectorDeliversARecipientItsAddressSpacesDoNotMatch() {
    RoutingTable table = table(HYGIENE + " & Internet spaces=* src=HUB1");

    RoutingDecision through = table.resolveThrough("HUB1", "hygiene", "someone@example.org", 1000);

    assertThat(through).isEqualTo(new RoutingDecision.Deliver(
        new NextHop(NextHopType.SMART_HOST_CONNECTOR_DELIVERY, "hygiene.contoso.com", "Hygiene"),
        table.config().orElseThrow().sendConnectors().get(0),
        new DeliveryTarget.SmartHosts(List.of(SmartHost.parse("hygiene.contoso.com")), 25)));
    assertThat(table.resolve("HUB1", "someone@example.org", 1000).connectorName()).contains("Internet");
  }

  @Test
  void aDnsRoutedConnectorDeliversToTheRecipientsDomain() {
    RoutingTable table = table("Out spaces=contoso.com src=HUB1");

    RoutingDecision through = table.resolveThrough("HUB1", "Out", "someone@Example.ORG.", 1000);

    assertThat(RoutingFixture.describe(through)).isEqualTo("Deliver Out DnsConnectorDelivery:example.org:Out");
    assertThat(((RoutingDecision.Deliver) through).target()).isEqualTo(new DeliveryTarget.Mx("example.org", 25, false));
  }

  @Test
  void fromOtherServersTheMailIsRelayedAsForASelectedConnector() {
    RoutingTable table =
        table("Hygiene spaces=contoso.com src=HUB1 smarthosts=hygiene.contoso.com & Internet spaces=* src=HUB2");

    assertThat(through(table, "HUB2", "Hygiene"))
        .isEqualTo("Relay Hygiene SmtpRelayToConnectorSourceServers:hygiene:Hygiene HUB1");
    assertThat(through(table, "HUB3", "Hygiene"))
        .isEqualTo("RelayToSite Hygiene SmtpRelayToRemoteAdSite:s1:Hygiene HUB1");
    // From S4 the least-cost path runs through the hub site S3, whose hubs take the hop.
    assertThat(through(table, "HUB5", "Hygiene"))
        .isEqualTo("RelayToSite Hygiene SmtpRelayToRemoteAdSite:s3:Hygiene HUB4");
  }

  /**
   * Whenever selection would pick the connector anyway, the decision is the one {@code resolve} gives:
   * the same next hop and the same host order in every rotation; and where it cannot be used, both say
   * so (their reasons differ).
   */
  @Test
  void whereSelectionWouldPickTheConnectorTheDecisionIsTheSame() {
    List<String> specs = List.of(
        "X spaces=contoso.com src=HUB1,HUB2",
        "X spaces=contoso.com src=HUB3,HUB4 smarthosts=[192.0.2.1],[192.0.2.2],relay.example",
        "X spaces=contoso.com src=HUB5 scoped=true",
        "X spaces=Local:contoso.com src=HUB4",
        "X spaces=contoso.com src=EDGE1",
        "X spaces=contoso.com src=HUB6",
        "X spaces=contoso.com src=HUB1 max=1MB",
        "X spaces=contoso.com src=HUB1 enabled=false");
    int moved = 0;
    int compared = 0;
    for (String spec : specs) {
      RoutingTable table = table(spec);
      for (String server : SERVERS) {
        for (long size : new long[] {1000, 2_000_000}) {
          for (int rotation = 0; rotation < 4; rotation++) {
            BalanceContext balance = new BalanceContext(Instant.EPOCH, rotation);
            RoutingDecision selected = table.resolve(server, "someone@contoso.com", size, balance);
            RoutingDecision through = table.resolveThrough(server, "X", "someone@contoso.com", size, balance);
            String where = spec + " from " + server + ", " + size + " bytes, rotation " + rotation;
            if (selected.connectorName().isPresent()) {
              assertThat(through).as(where).isEqualTo(selected);
              moved++;
            } else {
              assertThat(RoutingFixture.describe(through)).as(where).isEqualTo(RoutingFixture.describe(selected));
            }
            compared++;
          }
        }
      }
    }
    assertThat(compared).isEqualTo(specs.size() * SERVERS.size() * 2 * 4);
    assertThat(moved).as("cases where the connector moves mail").isGreaterThan(compared / 4);
  }

  @Test
  void aMessageLargerThanTheConnectorsMaxMessageSizeFails() {
    RoutingTable table = table("Hygiene spaces=contoso.com src=HUB1 smarthosts=h.example max=1MB");

    for (String server : List.of("HUB1", "HUB3")) {
      RoutingDecision d = table.resolveThrough(server, "Hygiene", "someone@example.org", 2_000_000);
      assertThat(d).isInstanceOf(RoutingDecision.Failed.class);
      RoutingDecision.Failed failed = (RoutingDecision.Failed) d;
      assertThat(failed.status()).isEqualTo(EnhancedStatus.MESSAGE_TOO_BIG);
      assertThat(failed.reason()).contains("2000000 bytes", "MaxMessageSize", "Hygiene");
    }
    assertThat(table.resolveThrough("HUB1", "Hygiene", "someone@example.org", 1_000_000).connectorName())
        .contains("Hygiene");
  }

  @Test
  void aConnectorThatIsGoneForeignOrUnusableFromHereIsUnreachableWithTheReason() {
    RoutingTable table = table("Off spaces=* src=HUB1 enabled=false & Mine spaces=* src=HUB1"
        + " & Scoped spaces=* src=HUB1 scoped=true & Island spaces=* src=HUB6"
        + " & Drop spaces=X400:c=us;2 src=HUB1 foreign=/var/drop");

    assertThat(reason(table.resolveThrough("HUB1", "Nope", "a@example.org", 1000)))
        .isEqualTo("no Send connector named Nope is in the directory");
    assertThat(reason(table.resolveThrough("HUB1", "drop", "a@example.org", 1000)))
        .contains("drop is a Foreign connector", "no LinkedReceiveConnector");
    assertThat(reason(table.resolveThrough("HUB1", "Off", "a@example.org", 1000)))
        .isEqualTo("Send connector Off cannot be used from HUB1: the connector is disabled");
    assertThat(reason(table.resolveThrough("EDGE1", "Mine", "a@example.org", 1000)))
        .contains("cannot be used from EDGE1", "an Edge server uses only the connectors it is a source server of");
    assertThat(reason(table.resolveThrough("HUB3", "Scoped", "a@example.org", 1000)))
        .contains("cannot be used from HUB3", "scoped to the site of the connector's source servers");
    assertThat(reason(table.resolveThrough("HUB1", "Island", "a@example.org", 1000)))
        .contains("cannot be used from HUB1", "no source server's site can be reached from site S1");
  }

  @Test
  void organizationAndNonSmtpAddressSpacesAreNotConsulted() {
    RoutingTable table = table("Org spaces=-- src=HUB1 smarthosts=h.example linked=R1"
        + " & Gateway spaces=X400:c=us;2 src=HUB1 smarthosts=gw.example linked=R2");

    assertThat(through(table, "HUB1", "Org")).isEqualTo("Deliver Org SmartHostConnectorDelivery:h.example:Org");
    assertThat(through(table, "HUB1", "Gateway"))
        .isEqualTo("Deliver Gateway SmartHostConnectorDelivery:gw.example:Gateway");
    assertThat(through(table, "HUB3", "Gateway"))
        .isEqualTo("RelayToSite Gateway SmtpRelayToRemoteAdSite:s1:Gateway HUB1");
  }

  @Test
  void aConnectorIsScopedWhenEveryAddressSpaceOfItIsLocal() {
    RoutingTable table = table("AllLocal spaces=Local:contoso.com,Local:fabrikam.com src=HUB1 smarthosts=h.example"
        + " & Mixed spaces=Local:contoso.com,fabrikam.com src=HUB1 smarthosts=h.example");

    assertThat(table.resolveThrough("HUB3", "AllLocal", "a@example.org", 1000))
        .isInstanceOf(RoutingDecision.Unreachable.class);
    assertThat(through(table, "HUB2", "AllLocal"))
        .isEqualTo("Relay AllLocal SmtpRelayToConnectorSourceServers:alllocal:AllLocal HUB1");
    assertThat(through(table, "HUB3", "Mixed")).isEqualTo("RelayToSite Mixed SmtpRelayToRemoteAdSite:s1:Mixed HUB1");
  }

  @Test
  void resolvingThroughAConnectorLeavesSelectionAsItWas() {
    RoutingTable table = table("Internet spaces=* src=HUB1 & " + HYGIENE);

    assertThat(table.resolveThrough("HUB1", "Internet", "a@contoso.com", 1000).connectorName()).contains("Internet");
    assertThat(table.resolve("HUB1", "a@contoso.com", 1000).connectorName()).contains("Hygiene");
    assertThat(table.resolveThrough("HUB1", "Internet", "a@contoso.com", 1000).connectorName()).contains("Internet");
    assertThat(table.resolve("HUB1", "a@contoso.com", 1000).connectorName()).contains("Hygiene");
    assertThat(table.resolveThrough("HUB1", "Hygiene", "a@example.org", 1000).connectorName()).contains("Hygiene");
    assertThat(table.resolve("HUB1", "a@example.org", 1000).connectorName()).contains("Internet");
  }

  @Test
  void withoutASnapshotOrAServerObjectTheMessageWaits() {
    assertThat(RoutingTable.deferred("the directory has not loaded yet").resolveThrough("HUB1", "X", "a@b.example", 1))
        .isEqualTo(new RoutingDecision.Deferred("the directory has not loaded yet"));
    assertThat(table(HYGIENE).resolveThrough("HUB9", "Hygiene", "a@b.example", 1))
        .isInstanceOf(RoutingDecision.Deferred.class);
  }

  /** What {@code connector} gives from {@code server} for a recipient none of the spaces here match. */
  private static String through(RoutingTable table, String server, String connector) {
    return RoutingFixture.describe(table.resolveThrough(server, connector, "someone@example.org", 1000));
  }

  private static String reason(RoutingDecision decision) {
    assertThat(decision).isInstanceOf(RoutingDecision.Unreachable.class);
    return ((RoutingDecision.Unreachable) decision).reason();
  }
}
