package dev.sluice.routing.topology;

import static dev.sluice.routing.topology.TopologyBuilder.links;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.routing.model.TransportServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImplicitConnectorsTest {
  /**
   * East (two hubs, two Edges) - Relay (hub site) - West (a hub, an Edge); East - Empty (no hub, one
   * Edge); Island (a hub, no link); a hub in the unconfigured site Mars; an Edge with no subscription.
   */
  private static final ImplicitConnectors CONNECTORS = new ImplicitConnectors(
      links("East-Relay:10 Relay-West:10 East-Empty:5")
      .site("Island")
      .hub("HubE2", "East")
      .hub("HubE1", "east")
      .edge("EdgeE", "East")
      .edge("EdgeE2", "EAST")
      .hubSite("Relay", "HubR")
      .hub("HubW1", "West")
      .edge("EdgeW", "West")
      .edge("EdgeX", "Empty")
      .hub("HubI", "Island")
      .hub("HubG", "Mars")
      .build(List.of(TransportServer.edge("Lonely", "dmz"))));

  @ParameterizedTest(name = "{0} to {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      HubE1  | HubE1  | Local HubE1
      HubE1  | hube2  | Direct HubE2
      HubE1  | EdgeE  | Direct EdgeE
      EdgeE  | HubE2  | Direct HubE2
      HubE1  | HubW1  | ViaSite Relay West East>Relay>West
      HubW1  | HubE1  | ViaSite Relay East West>Relay>East
      HubR   | HubW1  | ViaSite West West Relay>West
      HubE1  | EdgeW  | ViaSite Relay West East>Relay>West
      EdgeE  | HubW1  | ViaSite East West East>Relay>West
      EdgeE  | EdgeW  | ViaSite East West East>Relay>West
      EdgeE  | EdgeE2 | ViaSite East East East
      HubE1  | HubI   | Unreachable no site link path from site East to site Island; add a site link that joins them
      HubE1  | Lonely | Unreachable Edge server Lonely has no Edge subscription; subscribe it to a site
      Lonely | HubE1  | Unreachable Edge server Lonely has no Edge subscription; subscribe it to a site
      HubE1  | EdgeX  | Unreachable site Empty of the Edge subscription of EdgeX has no hub to relay for it; add a hub to that site
      EdgeX  | HubE1  | Unreachable site Empty of the Edge subscription of EdgeX has no hub to relay for it; add a hub to that site
      HubE1  | Nobody | Unreachable server Nobody is not configured
      HubG   | HubE1  | Unreachable site Mars is not configured; add it or move the server to a configured site
      """)
  void route(String from, String to, String expected) {
    assertThat(describe(CONNECTORS.route(from, to))).isEqualTo(expected);
  }

  @Test
  void aHubHasConnectorsToItsSiteItsEdgesAndEachReachableSiteWithAHub() {
    assertThat(CONNECTORS.connectorsFrom("hube1")).extracting(ImplicitConnectorsTest::describe).containsExactly(
        "HubE1 to server HubE2",
        "HubE1 to server EdgeE",
        "HubE1 to server EdgeE2",
        "HubE1 to site Relay via Relay",
        "HubE1 to site West via Relay");
  }

  @Test
  void anEdgeHasConnectorsToTheHubsOfItsSubscribedSite() {
    assertThat(CONNECTORS.connectorsFrom("EdgeW")).extracting(ImplicitConnectorsTest::describe)
        .containsExactly("EdgeW to server HubW1");
  }

  @Test
  void anEdgeWithoutSubscriptionHasNone() {
    assertThat(CONNECTORS.connectorsFrom("Lonely")).isEmpty();
  }

  @Test
  void refusesAnUnknownServer() {
    assertThatThrownBy(() -> CONNECTORS.connectorsFrom("Nobody"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("server Nobody is not configured");
  }

  @Test
  void viaSiteRefusesANextHopThatIsNeitherThePathsNorItsSource() {
    SitePath path = new SitePath(List.of("East", "Relay", "West"), 20, "Relay");

    assertThatThrownBy(() -> new ImplicitRoute.ViaSite("West", "West", path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("next hop site West must be the next hop of path");
    assertThatThrownBy(() -> new ImplicitRoute.ViaSite("Relay", "Relay", path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must end at destination site Relay");
  }

  private static String describe(ImplicitRoute route) {
    if (route instanceof ImplicitRoute.Local local) {
      return "Local " + local.server().name();
    } else if (route instanceof ImplicitRoute.Direct direct) {
      return "Direct " + direct.target().name();
    } else if (route instanceof ImplicitRoute.ViaSite via) {
      return "ViaSite " + via.nextHopSite() + " " + via.destinationSite() + " " + String.join(">", via.path().sites());
    }
    return "Unreachable " + ((ImplicitRoute.Unreachable) route).reason();
  }

  private static String describe(ImplicitConnector connector) {
    if (connector instanceof ImplicitConnector.ToServer server) {
      return server.source().name() + " to server " + server.target().name();
    }
    ImplicitConnector.ToSite site = (ImplicitConnector.ToSite) connector;
    return site.source().name() + " to site " + site.destinationSite() + " via " + site.path().nextHopSite();
  }
}
