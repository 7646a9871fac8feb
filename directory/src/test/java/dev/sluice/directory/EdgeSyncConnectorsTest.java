package dev.sluice.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.Principal;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SmartHost;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.TransportServer;
import dev.sluice.routing.model.UsageType;
import dev.sluice.routing.validate.ConnectorValidator;
import dev.sluice.routing.validate.UsageDefaults;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EdgeSyncConnectorsTest {

  @Test
  void theConnectorsAreNamedAsEdgeSyncNamesThem() {
    assertThat(EdgeSyncConnectors.toInternetName("Site-A")).isEqualTo("EdgeSync - Site-A to Internet");
    assertThat(EdgeSyncConnectors.inboundName("Site-A")).isEqualTo("EdgeSync - Inbound to Site-A");
  }

  @Test
  void theFirstEdgeMakesAToInternetConnectorThatRoutesEverythingByDns() {
    SendConnector c = EdgeSyncConnectors.toInternet("Site-A", "EDGE1", Optional.empty());

    assertThat(c.name()).isEqualTo("EdgeSync - Site-A to Internet");
    assertThat(c.addressSpaces()).containsExactly(AddressSpace.smtp("*", 100));
    assertThat(c.dnsRoutingEnabled()).isTrue();
    assertThat(c.smartHosts()).isEmpty();
    assertThat(c.sourceTransportServers()).containsExactly("EDGE1");
    assertThat(c.usageType()).isEqualTo(UsageType.INTERNET);
    assertThat(c.smartHostAuthMechanism()).isEqualTo(SmartHostAuthMechanism.NONE);
    assertThat(c.permissions()).isEqualTo(UsageDefaults.permissions(UsageType.INTERNET));
    assertThat(c.enabled()).isTrue();
  }

  @Test
  void theFirstEdgeMakesAnInboundConnectorToTheSitesLiveHubs() {
    SendConnector c = EdgeSyncConnectors.inbound("Site-A", "EDGE1", Optional.empty());

    assertThat(c.name()).isEqualTo("EdgeSync - Inbound to Site-A");
    assertThat(c.addressSpaces()).containsExactly(AddressSpace.smtp("--", 1));
    assertThat(c.smartHosts()).containsExactly(SmartHost.ORGANIZATION_HUBS);
    assertThat(c.dnsRoutingEnabled()).isFalse();
    assertThat(c.sourceTransportServers()).containsExactly("EDGE1");
    assertThat(c.usageType()).isEqualTo(UsageType.INTERNAL);
    assertThat(c.smartHostAuthMechanism()).as("authenticated as an Exchange server")
        .isEqualTo(SmartHostAuthMechanism.EXCHANGE_SERVER);
    assertThat(c.permissions().rightsOf(Principal.EXCHANGE_SERVERS)).isNotEmpty();
  }

  @Test
  void bothConnectorsPassRoutingsRulesInASubscribedOrganization() {
    SendConnector internet = EdgeSyncConnectors.toInternet("Site-A", "EDGE1", Optional.empty());
    SendConnector inbound = EdgeSyncConnectors.inbound("Site-A", "EDGE1", Optional.empty());
    OrganizationConfig org = OrganizationConfig.empty("Contoso")
        .withSites(List.of(Site.of("Site-A")))
        .withServers(List.of(TransportServer.hub("HUB1", "Site-A"), TransportServer.edge("EDGE1", "Site-A")))
        .withEdgeSubscriptions(List.of(new EdgeSubscription("EDGE1", "Site-A")))
        .withSendConnectors(List.of(internet, inbound));

    assertThat(ConnectorValidator.validateOrganization(org)).isEmpty();
  }

  @Test
  void anotherEdgeJoinsTheSourceServersAndNothingElseChanges() {
    SendConnector internet = EdgeSyncConnectors.toInternet("Site-A", "EDGE1", Optional.empty());
    SendConnector inbound = EdgeSyncConnectors.inbound("Site-A", "EDGE1", Optional.empty());

    SendConnector internet2 = EdgeSyncConnectors.toInternet("Site-A", "EDGE2", Optional.of(internet));
    SendConnector inbound2 = EdgeSyncConnectors.inbound("Site-A", "EDGE2", Optional.of(inbound));

    assertThat(internet2.sourceTransportServers()).containsExactly("EDGE1", "EDGE2");
    assertThat(internet2.toBuilder().sourceTransportServers("EDGE1").build()).isEqualTo(internet);
    assertThat(inbound2.sourceTransportServers()).containsExactly("EDGE1", "EDGE2");
    assertThat(inbound2.dnsRoutingEnabled()).as("joining keeps DNS routing off").isFalse();
    assertThat(inbound2.toBuilder().sourceTransportServers("EDGE1").build()).isEqualTo(inbound);
  }

  @Test
  void anEdgeThatIsASourceAlreadyJoinsOnceWhateverItsCase() {
    SendConnector internet = EdgeSyncConnectors.toInternet("Site-A", "EDGE1", Optional.empty());

    assertThat(EdgeSyncConnectors.toInternet("Site-A", "edge1", Optional.of(internet))).isSameAs(internet);
  }

  @Test
  void anExistingConnectorKeepsWhatTheOperatorChanged() {
    SendConnector changed = EdgeSyncConnectors.toInternet("Site-A", "EDGE1", Optional.empty()).toBuilder()
        .requireTls(true).comment("tightened").build();

    SendConnector joined = EdgeSyncConnectors.toInternet("Site-A", "EDGE2", Optional.of(changed));

    assertThat(joined.requireTls()).isTrue();
    assertThat(joined.comment()).isEqualTo("tightened");
  }

  @Test
  void anEdgeLeavesTheSourceServersAndTheLastOneLeavesNothing() {
    SendConnector both = EdgeSyncConnectors.inbound("Site-A", "EDGE2",
        Optional.of(EdgeSyncConnectors.inbound("Site-A", "EDGE1", Optional.empty())));

    Optional<SendConnector> rest = EdgeSyncConnectors.withoutSource(both, "edge1");

    assertThat(rest).hasValueSatisfying(c -> {
      assertThat(c.sourceTransportServers()).containsExactly("EDGE2");
      assertThat(c.smartHosts()).containsExactly(SmartHost.ORGANIZATION_HUBS);
      assertThat(c.dnsRoutingEnabled()).isFalse();
    });
    assertThat(EdgeSyncConnectors.withoutSource(rest.orElseThrow(), "EDGE2")).isEmpty();
  }

  @Test
  void anEdgeThatIsNoSourceLeavesTheConnectorAsItIs() {
    SendConnector c = EdgeSyncConnectors.toInternet("Site-A", "EDGE1", Optional.empty());

    assertThat(EdgeSyncConnectors.withoutSource(c, "EDGE9")).contains(c);
  }
}
