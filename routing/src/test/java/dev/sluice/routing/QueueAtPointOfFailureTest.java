package dev.sluice.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.balance.Liveness;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.decision.RoutingDecision.RelayToSite;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exchange's queue at point of failure: when no host of the site that takes the hop is alive, the
 * message goes as far along the least-cost path as it can, to the live site nearest that one, and
 * waits there; the connector and the queue key stay what configuration made them.
 *
 * <pre>
 *   A (HUBA1, HUBA2) --1-- B (HUBB) --1-- C (HUBC) --1-- D (HUBD)
 *   A --10-- C and A --10-- D: dearer than the chain, so A's paths run through B
 * </pre>
 *
 * far.test goes out through HUBC, farther.test through HUBD. No site is a hub site.
 */
class QueueAtPointOfFailureTest {
  private static final RoutingTable CHAIN = RoutingTable.build(OrganizationConfig.empty("Contoso")
      .withSites(List.of(Site.of("A"), Site.of("B"), Site.of("C"), Site.of("D")))
      .withSiteLinks(List.of(SiteLink.of("A-B", 1, "A", "B"), SiteLink.of("B-C", 1, "B", "C"),
          SiteLink.of("C-D", 1, "C", "D"), SiteLink.of("A-C", 10, "A", "C"), SiteLink.of("A-D", 10, "A", "D")))
      .withServers(List.of(TransportServer.hub("HUBA1", "A"), TransportServer.hub("HUBA2", "A"),
          TransportServer.hub("HUBB", "B"), TransportServer.hub("HUBC", "C"), TransportServer.hub("HUBD", "D")))
      .withSendConnectors(send("far spaces=far.test src=HUBC & farther spaces=farther.test src=HUBD")));

  private static List<SendConnector> send(String spec) {
    return RoutingFixture.connectors(spec).stream().map(SendConnector.class::cast).toList();
  }

  private static RelayToSite relay(RoutingTable table, String server, String recipient) {
    RoutingDecision d = table.resolve(server, recipient, 1000);
    assertThat(d).isInstanceOf(RelayToSite.class);
    return (RelayToSite) d;
  }

  private static List<String> names(RelayToSite relay) {
    return relay.hubs().stream().map(TransportServer::name).toList();
  }

  private static RoutingTable alive(RoutingTable table, String... servers) {
    return table.withLiveness(Liveness.of(servers));
  }

  @Test
  void whenTheDestinationSiteIsDownTheMessageGoesToTheLastLiveSiteBeforeItAndWaitsThere() {
    RoutingTable cDown = alive(CHAIN, "HUBA1", "HUBA2", "HUBB", "HUBD");

    RelayToSite fromA = relay(cDown, "HUBA1", "x@far.test");
    assertThat(fromA.site()).isEqualTo("B");
    assertThat(names(fromA)).containsExactly("HUBB");
    assertThat(fromA.destinationSite()).isEqualTo("C");
    assertThat(fromA.nextHop()).hasToString("SmtpRelayToRemoteAdSite:c:far");

    // B, the next one back, holds it: its own path to C has nothing between, so it waits in its queue to C.
    RelayToSite inB = relay(cDown, "HUBB", "x@far.test");
    assertThat(inB.site()).isEqualTo("C");
    assertThat(inB.hubs()).isEmpty();
    assertThat(inB.nextHop()).isEqualTo(fromA.nextHop());
  }

  @Test
  void theBackOffWalksBackOnlyAsFarAsItMust() {
    assertThat(relay(alive(CHAIN, "HUBA1", "HUBB", "HUBC"), "HUBA1", "x@farther.test").site()).isEqualTo("C");
    assertThat(relay(alive(CHAIN, "HUBA1", "HUBB"), "HUBA1", "x@farther.test").site()).isEqualTo("B");
    // Back in C, with D still down, the message waits: C is local and nothing lies between C and D.
    assertThat(relay(alive(CHAIN, "HUBC"), "HUBC", "x@farther.test").hubs()).isEmpty();
  }

  @Test
  void whenTheDestinationSiteIsUpTheRelayGoesStraightToItWhateverIsDownBetween() {
    RelayToSite d = relay(alive(CHAIN, "HUBA1", "HUBC"), "HUBA1", "x@far.test");

    assertThat(d.site()).isEqualTo("C");
    assertThat(names(d)).containsExactly("HUBC");
  }

  @Test
  void theLocalSiteIsNeverARelayTargetEvenWithAnotherLiveHubInIt() {
    RelayToSite d = relay(alive(CHAIN, "HUBA1", "HUBA2"), "HUBA1", "x@farther.test");

    assertThat(d.hubs()).as("waits on HUBA1, not handed to HUBA2").isEmpty();
    assertThat(d.site()).isEqualTo("D");
    assertThat(d.destinationSite()).isEqualTo("D");
  }

  /** The fixture's S1 --10-- S2 --10-- S3 (hub site, HUB4) --10-- S4 (HUB5); S1 relays to S4 through S3. */
  @Test
  void aHubSiteOnThePathIsNeverBypassedWhenItIsDownTheMessageStopsBeforeIt() {
    RoutingTable table = RoutingTable.build(RoutingFixture.with(RoutingFixture.connectors("Far spaces=* src=HUB5")));

    RelayToSite hubSiteUp = relay(alive(table, "HUB1", "HUB4"), "HUB1", "x@example.com");
    assertThat(hubSiteUp.site()).isEqualTo("S3");
    assertThat(names(hubSiteUp)).as("the hub site takes the hop although S4 is down").containsExactly("HUB4");

    RelayToSite hubSiteDown = relay(alive(table, "HUB1", "HUB3", "HUB5"), "HUB1", "x@example.com");
    assertThat(hubSiteDown.site()).isEqualTo("S2");
    assertThat(names(hubSiteDown)).as("never straight to S4 past the hub site").containsExactly("HUB3");

    RelayToSite nothingBetween = relay(alive(table, "HUB1", "HUB5"), "HUB1", "x@example.com");
    assertThat(nothingBetween.hubs()).isEmpty();
    assertThat(nothingBetween.site()).isEqualTo("S3");
    assertThat(nothingBetween.nextHop()).isEqualTo(hubSiteUp.nextHop()).isEqualTo(hubSiteDown.nextHop());
  }

  @Test
  void livenessNeverChangesTheConnectorOrTheQueueKeyAndABackOffIsNeverRemembered() {
    List<String> remote = List.of("HUBB", "HUBC", "HUBD");
    List<String> recipients = List.of("x@far.test", "x@farther.test");
    RoutingDecision farAllLive = RoutingTable.build(CHAIN.config().orElseThrow()).resolve("HUBA1", recipients.get(0), 1000);
    RoutingDecision fartherAllLive =
        RoutingTable.build(CHAIN.config().orElseThrow()).resolve("HUBA1", recipients.get(1), 1000);
    // Every subset of the remote hubs alive, twice round, on tables sharing one memo of winners.
    for (int round = 0; round < 2; round++) {
      for (int mask = 0; mask < 1 << remote.size(); mask++) {
        List<String> live = new ArrayList<>(List.of("HUBA1"));
        for (int i = 0; i < remote.size(); i++) {
          if ((mask & 1 << i) != 0) {
            live.add(remote.get(i));
          }
        }
        RoutingTable table = CHAIN.withLiveness(Liveness.of(live));
        for (String recipient : recipients) {
          RelayToSite d = relay(table, "HUBA1", recipient);
          RoutingDecision allLive = recipient.equals(recipients.get(0)) ? farAllLive : fartherAllLive;
          assertThat(d.connectorName()).isEqualTo(allLive.connectorName());
          assertThat(d.nextHop()).as("queue key with %s alive", live).isEqualTo(allLive.nextHop());
          assertThat(d.site()).as("never the local site").isNotEqualTo("A");
          assertThat(d.hubs()).extracting(TransportServer::name).allMatch(live::contains)
              .allMatch(hub -> hub.equals("HUB" + d.site()));
        }
      }
      assertThat(CHAIN.resolve("HUBA1", recipients.get(0), 1000)).isEqualTo(farAllLive);
      assertThat(CHAIN.resolve("HUBA1", recipients.get(1), 1000)).isEqualTo(fartherAllLive);
    }
  }
}
