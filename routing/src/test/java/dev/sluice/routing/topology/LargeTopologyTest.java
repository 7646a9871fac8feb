package dev.sluice.routing.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 1,000 sites: a ring of links costing 10, an express link costing 50 from every tenth site to the
 * next tenth, and long chords costing 200 from every hundredth site to the one opposite.
 */
class LargeTopologyTest {
  private static final int SITES = 1_000;
  private static List<Site> sites;
  private static List<SiteLink> links;
  private static SiteTopology topology;

  @BeforeAll
  static void build() {
    sites = IntStream.range(0, SITES).mapToObj(i -> Site.of(name(i))).toList();
    links = new ArrayList<>();
    for (int i = 0; i < SITES; i++) {
      links.add(SiteLink.of("ring-" + i, 10, name(i), name(i + 1)));
      if (i % 10 == 0) {
        links.add(SiteLink.of("express-" + i, 50, name(i), name(i + 10)));
      }
      if (i % 100 == 0 && i < SITES / 2) {
        links.add(SiteLink.of("chord-" + i, 200, name(i), name(i + SITES / 2)));
      }
    }
    long started = System.nanoTime();
    topology = SiteTopology.build(sites, links, List.of(), List.of());
    long built = System.nanoTime();
    topology.path(name(0), name(1));
    long firstSource = System.nanoTime();
    sites.forEach(site -> topology.path(site.name(), name(0)));
    long allSources = System.nanoTime();
    System.out.printf("1,000 sites, %d links: build %d ms, paths from one site %d ms, from all sites %d ms%n",
        links.size(), (built - started) / 1_000_000, (firstSource - built) / 1_000_000,
        (allSources - firstSource) / 1_000_000);
  }

  private static String name(int i) {
    return String.format("S%04d", Math.floorMod(i, SITES));
  }

  @ParameterizedTest(name = "{0} to {1}")
  @CsvSource(delimiter = '|', textBlock = """
      S0000 | S0001 | S0000>S0001                                     | 10
      S0000 | S0005 | S0000>S0001>S0002>S0003>S0004>S0005             | 50
      S0000 | S0010 | S0000>S0010                                     | 50
      S0000 | S0012 | S0000>S0010>S0011>S0012                         | 70
      S0000 | S0008 | S0000>S0010>S0009>S0008                         | 70
      S0000 | S0015 | S0000>S0010>S0011>S0012>S0013>S0014>S0015       | 100
      S0000 | S0500 | S0000>S0500                                     | 200
      S0000 | S0505 | S0000>S0500>S0501>S0502>S0503>S0504>S0505       | 250
      S0999 | S0001 | S0999>S0000>S0001                               | 20
      S0730 | S0230 | S0730>S0720>S0710>S0700>S0200>S0210>S0220>S0230 | 500
      """)
  void knownPaths(String from, String to, String path, long cost) {
    SitePath found = topology.path(from, to).orElseThrow();

    assertThat(found.sites()).containsExactlyElementsOf(TopologyBuilder.path(path));
    assertThat(found.cost()).isEqualTo(cost);
  }

  @Test
  void everyPathIsLeastCostAndFollowsLinks() {
    for (int source : new int[] {0, 7, 355, 999}) {
      long[] expected = BellmanFord.distances(sites, links, name(source));
      for (int target = 0; target < SITES; target++) {
        SitePath found = topology.path(name(source), name(target)).orElseThrow();
        assertThat(found.cost()).as("%s to %s", name(source), name(target)).isEqualTo(expected[target]);
        if (target % 37 == 0) {
          assertThat(BellmanFord.costAlong(links, found.sites())).isEqualTo(found.cost());
        }
      }
    }
  }

  @Test
  void everySiteIsReachable() {
    assertThat(topology.unreachableFrom(name(123))).isEmpty();
  }
}
