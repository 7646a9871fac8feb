package dev.sluice.routing.topology;

import static dev.sluice.routing.topology.TopologyBuilder.links;
import static dev.sluice.routing.topology.TopologyBuilder.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SiteTopologyTest {

  @ParameterizedTest(name = "{0}: {2} to {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # case                                 | links                                                   | from | to | path      | cost
      two sites                                | A-B:10                                                  | A    | B  | A>B       | 10
      two sites, the other way                 | A-B:10                                                  | B    | A  | B>A       | 10
      to itself                                | A-B:10                                                  | A    | A  | A         | 0
      five sites, shortcut                     | A-B:10 B-C:10 C-D:10 D-E:10 A-C:25 B-D:15 A-E:100       | A    | D  | A>B>D     | 25
      five sites, shortcut then chain          | A-B:10 B-C:10 C-D:10 D-E:10 A-C:25 B-D:15 A-E:100       | A    | E  | A>B>D>E   | 35
      five sites, chain beats shortcut         | A-B:10 B-C:10 C-D:10 D-E:10 A-C:25 B-D:15 A-E:100       | A    | C  | A>B>C     | 20
      five sites, backwards                    | A-B:10 B-C:10 C-D:10 D-E:10 A-C:25 B-D:15 A-E:100       | E    | B  | E>D>B     | 25
      least cost beats fewer hops              | A-B:10 B-C:10 C-D:10 A-D:31                             | A    | D  | A>B>C>D   | 30
      tie on cost: fewer hops beats names      | A-Z:10 Z-D:10 A-B:5 B-C:5 C-D:10                        | A    | D  | A>Z>D     | 20
      tie on cost and hops: lower name         | A-C:10 C-D:10 A-B:10 B-D:10                             | A    | D  | A>B>D     | 20
      name rule starts at the destination      | S-A:10 A-Y:10 Y-D:10 S-B:10 B-X:10 X-D:10               | S    | D  | S>B>X>D   | 30
      names differ only further back           | S-Q:10 Q-M:10 S-P:10 P-M:10 M-N:10 N-D:10               | S    | D  | S>P>M>N>D | 40
      name rule is case-insensitive            | A-C:10 C-D:10 A-b:10 b-D:10                             | A    | D  | A>b>D     | 20
      Exchange cost overrides cost             | A-B:10/100 A-C:20 C-B:20                                | A    | B  | A>C>B     | 40
      without Exchange cost, cost counts       | A-B:10 A-C:20 C-B:20                                    | A    | B  | A>B       | 10
      Exchange cost lower than cost            | A-B:100/5 A-C:20 C-B:20                                 | A    | B  | A>B       | 5
      multi-site link joins every pair         | A-B-C:10                                                | A    | C  | A>C       | 10
      multi-site link, second pair             | A-B-C:10                                                | C    | B  | C>B       | 10
      cheaper pair link beats multi-site link  | A-B-C:10 A-C:3                                          | A    | C  | A>C       | 3
      parallel links: the lowest cost          | A-B:50 A-B:20                                           | A    | B  | A>B       | 20
      """)
  void leastCostPath(String name, String links, String from, String to, String path, long cost) {
    SitePath found = links(links).build().path(from, to).orElseThrow();

    assertThat(found.sites()).containsExactlyElementsOf(path(path));
    assertThat(found.cost()).isEqualTo(cost);
    assertThat(found.nextHopSite()).isEqualTo(to);
  }

  @Test
  void oneSiteReachesOnlyItself() {
    SiteTopology topology = new TopologyBuilder().site("Alone").build();

    assertThat(topology.path("Alone", "Alone")).contains(new SitePath(List.of("Alone"), 0, "Alone"));
    assertThat(topology.unreachableFrom("Alone")).isEmpty();
    assertThat(topology.path("Alone", "Elsewhere")).isEmpty();
  }

  @Test
  void twoIslandsDoNotReachEachOther() {
    SiteTopology topology = links("A-B:10 C-D:10").build();

    assertThat(topology.reachable("A", "B")).isTrue();
    assertThat(topology.reachable("A", "C")).isFalse();
    assertThat(topology.path("D", "A")).isEmpty();
    assertThat(topology.unreachableFrom("A")).containsExactly("C", "D");
    assertThat(topology.unreachableFrom("D")).containsExactly("A", "B");
  }

  @Test
  void anUnknownSiteReachesNothing() {
    SiteTopology topology = links("A-B:10").build();

    assertThat(topology.reachable("A", "Nowhere")).isFalse();
    assertThat(topology.reachable("Nowhere", "Nowhere")).isFalse();
    assertThat(topology.unreachableFrom("Nowhere")).containsExactly("A", "B");
  }

  @Test
  void aLinkNamingAnUnconfiguredSiteIsIgnored() {
    SiteTopology topology = SiteTopology.build(
        List.of(Site.of("A"), Site.of("B")),
        List.of(SiteLink.of("ghostly", 10, "A", "Ghost", "B"), SiteLink.of("to-ghost", 10, "A", "Ghost")),
        List.of(),
        List.of());

    assertThat(topology.reachable("A", "B")).isFalse();
    assertThat(topology.path("A", "Ghost")).isEmpty();
  }

  @Test
  void namesCompareCaseInsensitivelyAndAnswerInTheConfiguredSpelling() {
    SiteTopology topology = SiteTopology.build(
        List.of(Site.of("Site-A"), Site.of("Site-B"), new Site("Relay", true)),
        List.of(SiteLink.of("ab", 10, "site-a", "RELAY"), SiteLink.of("bc", 10, "relay", "SITE-B")),
        List.of(TransportServer.hub("Hub1", "RELAY")),
        List.of());

    SitePath found = topology.path("SITE-a", "site-b").orElseThrow();

    assertThat(found.sites()).containsExactly("Site-A", "Relay", "Site-B");
    assertThat(found.nextHopSite()).isEqualTo("Relay");
    assertThat(topology.site("relay")).contains(new Site("Relay", true));
  }

  @Test
  void aHubSiteWithAHubOnThePathTakesTheHop() {
    SitePath found = links("A-H:10 H-D:10").hubSite("H", "HubH").build().path("A", "D").orElseThrow();

    assertThat(found.sites()).containsExactly("A", "H", "D");
    assertThat(found.nextHopSite()).isEqualTo("H");
    assertThat(found.relaysThroughHubSite()).isTrue();
  }

  @Test
  void aHubSiteWithoutAHubDoesNotTakeTheHop() {
    TopologyBuilder builder = links("A-H:10 H-D:10").hubSite("H").edge("Edge1", "H");

    assertThat(builder.build().path("A", "D").orElseThrow().nextHopSite()).isEqualTo("D");
  }

  @Test
  void hubsInASiteThatIsNotAHubSiteDoNotTakeTheHop() {
    SitePath found = links("A-H:10 H-D:10").hub("HubH", "H").build().path("A", "D").orElseThrow();

    assertThat(found.nextHopSite()).isEqualTo("D");
    assertThat(found.relaysThroughHubSite()).isFalse();
  }

  @Test
  void aHubSiteOffTheLeastCostPathDoesNotTakeTheHop() {
    SiteTopology topology = links("A-X:10 X-D:10 A-H:50 H-D:50").hubSite("H", "HubH").build();

    SitePath found = topology.path("A", "D").orElseThrow();

    assertThat(found.sites()).containsExactly("A", "X", "D");
    assertThat(found.nextHopSite()).isEqualTo("D");
  }

  @Test
  void theFirstHubSiteAfterTheSourceTakesTheHop() {
    SiteTopology topology = links("A-H1:10 H1-H2:10 H2-D:10").hubSite("H1", "Hub1").hubSite("H2", "Hub2").build();

    assertThat(topology.path("A", "D").orElseThrow().nextHopSite()).isEqualTo("H1");
    assertThat(topology.path("D", "A").orElseThrow().nextHopSite()).isEqualTo("H2");
    assertThat(topology.path("H1", "D").orElseThrow().nextHopSite()).isEqualTo("H2");
    assertThat(topology.path("A", "H1").orElseThrow().nextHopSite()).isEqualTo("H1");
  }

  @Test
  void aHubSiteNeverChangesWhichPathIsLeastCost() {
    String links = "S-A:10 A-Y:10 Y-D:10 S-B:10 B-X:10 X-D:10";

    SitePath plain = links(links).build().path("S", "D").orElseThrow();
    SitePath withHub = links(links).hubSite("A", "HubA").build().path("S", "D").orElseThrow();

    assertThat(withHub.sites()).isEqualTo(plain.sites()).containsExactly("S", "B", "X", "D");
    assertThat(withHub.nextHopSite()).isEqualTo("D");
  }

  @Test
  void answersTheConfiguredServersAndSubscriptions() {
    SiteTopology topology = SiteTopology.build(
        List.of(Site.of("Zulu"), Site.of("alpha"), Site.of("Mike")),
        List.of(),
        List.of(
            TransportServer.hub("HubB", "ALPHA"),
            TransportServer.hub("huba", "alpha"),
            TransportServer.hub("HubM", "Mike"),
            TransportServer.edge("Edge2", "dmz"),
            TransportServer.edge("edge1", "dmz"),
            TransportServer.edge("Lonely", "dmz")),
        List.of(
            new EdgeSubscription("EDGE2", "Alpha"),
            new EdgeSubscription("Edge1", "ALPHA"),
            new EdgeSubscription("HubM", "Alpha"),
            new EdgeSubscription("Ghost", "Alpha"),
            new EdgeSubscription("Lonely", "Nowhere")));

    assertThat(topology.sites()).extracting(Site::name).containsExactly("alpha", "Mike", "Zulu");
    assertThat(topology.hubsOf("Alpha")).extracting(TransportServer::name).containsExactly("huba", "HubB");
    assertThat(topology.hubsOf("Zulu")).isEmpty();
    assertThat(topology.server("HUBB")).map(TransportServer::name).contains("HubB");
    assertThat(topology.server("nobody")).isEmpty();
    assertThat(topology.subscribedSite("EDGE1")).contains("alpha");
    assertThat(topology.subscribedSite("HubM")).as("a hub is never subscribed").isEmpty();
    assertThat(topology.subscribedSite("Lonely")).as("subscribed to an unknown site").isEmpty();
    assertThat(topology.edgesSubscribedTo("ALPHA")).extracting(TransportServer::name).containsExactly("edge1", "Edge2");
    assertThat(topology.edgesSubscribedTo("Mike")).isEmpty();
  }

  @Test
  void refusesASiteConfiguredTwice() {
    assertThatThrownBy(() -> SiteTopology.build(List.of(Site.of("East"), Site.of("EAST")), List.of(), List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("site EAST is configured twice (also as East)");
  }

  @Test
  void refusesAServerConfiguredTwice() {
    List<TransportServer> servers = List.of(TransportServer.hub("Hub1", "East"), TransportServer.edge("HUB1", "East"));

    assertThatThrownBy(() -> SiteTopology.build(List.of(Site.of("East")), List.of(), servers, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("server HUB1 is configured twice");
  }

  @Test
  void refusesAnEdgeSubscribedToTwoSites() {
    TopologyBuilder builder = links("East-West:10").edge("Edge1", "East").edge("Edge1b", "West");
    List<EdgeSubscription> twice = List.of(new EdgeSubscription("Edge1", "East"), new EdgeSubscription("edge1", "West"));

    assertThatThrownBy(() -> SiteTopology.build(
            builder.sites(), builder.siteLinks(), List.of(TransportServer.edge("Edge1", "dmz")), twice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Edge server Edge1 is subscribed to sites East and West");
  }

  @Test
  void threadsAskingAtOnceGetTheSamePaths() {
    SiteTopology topology = links("A-B:10 B-C:10 C-D:10 A-D:25").build();

    List<SitePath> paths = IntStream.range(0, 64).parallel()
        .mapToObj(i -> topology.path(i % 2 == 0 ? "A" : "a", "C").orElseThrow())
        .toList();

    assertThat(paths).containsOnly(new SitePath(List.of("A", "B", "C"), 20, "C"));
  }
}
