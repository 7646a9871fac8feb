package dev.sluice.routing.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SiteTopologyPropertiesTest {

  /** A random configuration; low costs so that ties are common. */
  record Config(List<Site> sites, List<SiteLink> links, List<TransportServer> servers) {
    SiteTopology build() {
      return SiteTopology.build(sites, links, servers, List.of());
    }

    boolean relaysThrough(String site) {
      return sites.stream().anyMatch(s -> s.name().equals(site) && s.hubSite())
          && servers.stream().anyMatch(s -> s.site().equals(site));
    }
  }

  @Property(tries = 300)
  void pathsAreLeastCostAndFollowLinks(@ForAll("upTo25Sites") Config config) {
    SiteTopology topology = config.build();
    for (Site from : config.sites()) {
      long[] expected = BellmanFord.distances(config.sites(), config.links(), from.name());
      for (int to = 0; to < config.sites().size(); to++) {
        Optional<SitePath> path = topology.path(from.name(), config.sites().get(to).name());
        if (expected[to] == BellmanFord.UNREACHABLE) {
          assertThat(path).isEmpty();
        } else {
          assertThat(path.orElseThrow().cost()).isEqualTo(expected[to]);
          assertThat(BellmanFord.costAlong(config.links(), path.orElseThrow().sites())).isEqualTo(expected[to]);
        }
      }
    }
  }

  @Property(tries = 300)
  void pathsAreTheBestOfAllSimplePathsByTheTieBreakOrder(@ForAll("upTo7Sites") Config config) {
    SiteTopology topology = config.build();
    for (Site from : config.sites()) {
      for (Site to : config.sites()) {
        Optional<List<String>> best = allSimplePaths(config, from.name(), to.name()).stream()
            .min(Comparator.<List<String>>comparingLong(p -> BellmanFord.costAlong(config.links(), p))
                .thenComparingInt(List::size)
                .thenComparing(SiteTopologyPropertiesTest::namesFromTheDestination));
        Optional<SitePath> found = topology.path(from.name(), to.name());

        assertThat(found.map(SitePath::sites)).isEqualTo(best);
        found.ifPresent(path -> assertThat(path.nextHopSite()).isEqualTo(expectedNextHop(config, path.sites())));
      }
    }
  }

  @Property(tries = 200)
  void theOrderOfTheInputNeverChangesAPath(@ForAll("upTo25Sites") Config config, @ForAll Random random) {
    List<Site> sites = shuffled(config.sites(), random);
    List<SiteLink> links = new ArrayList<>();
    for (SiteLink link : shuffled(config.links(), random)) {
      List<String> joined = shuffled(link.sites(), random).stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
      links.add(new SiteLink(link.name(), joined, link.cost(), link.exchangeCost()));
    }
    List<TransportServer> servers = shuffled(config.servers(), random);
    SiteTopology original = config.build();
    SiteTopology reordered = SiteTopology.build(sites, links, servers, List.of());

    for (Site from : config.sites()) {
      for (Site to : config.sites()) {
        assertThat(reordered.path(from.name(), to.name())).isEqualTo(original.path(from.name(), to.name()));
      }
    }
  }

  @Provide
  Arbitrary<Config> upTo7Sites() {
    return configs(7);
  }

  @Provide
  Arbitrary<Config> upTo25Sites() {
    return configs(25);
  }

  private static Arbitrary<Config> configs(int maxSites) {
    return Arbitraries.integers().between(1, maxSites).flatMap(n -> Combinators.combine(
            Arbitraries.of(true, false).list().ofSize(n),
            Arbitraries.of(true, false).list().ofSize(n),
            Arbitraries.of(true, false).list().ofSize(n),
            n == 1 ? Arbitraries.just(List.<SiteLink>of()) : links(n).list().ofMaxSize(2 * n))
        .as((upper, hubSite, hasHub, links) -> {
          List<Site> sites = new ArrayList<>();
          List<TransportServer> servers = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            sites.add(new Site(siteName(i, upper.get(i)), hubSite.get(i)));
            if (hasHub.get(i)) {
              servers.add(TransportServer.hub("hub" + i, sites.get(i).name()));
            }
          }
          List<SiteLink> named = new ArrayList<>();
          for (SiteLink link : links) {
            List<String> joined = link.sites().stream()
                .map(index -> sites.get(Integer.parseInt(index)).name()).toList();
            named.add(new SiteLink("L" + named.size(), joined, link.cost(), link.exchangeCost()));
          }
          return new Config(List.copyOf(sites), List.copyOf(named), List.copyOf(servers));
        }));
  }

  /** Links over site indices (as text, renamed by {@link #configs}), costs 1 to 4, some Exchange costs. */
  private static Arbitrary<SiteLink> links(int siteCount) {
    return Combinators.combine(
            Arbitraries.integers().between(0, siteCount - 1).map(String::valueOf)
                .list().ofMinSize(2).ofMaxSize(Math.min(3, siteCount)).uniqueElements(),
            Arbitraries.integers().between(1, 4),
            Arbitraries.integers().between(1, 4).injectNull(0.7))
        .as((sites, cost, exchangeCost) -> new SiteLink("L", sites, cost,
            exchangeCost == null ? OptionalInt.empty() : OptionalInt.of(exchangeCost)));
  }

  /** Names whose case varies and whose order differs from their index order ({@code s10 < s2}). */
  private static String siteName(int index, boolean upper) {
    return (upper ? "S" : "s") + index;
  }

  /** Exchange's name rule: compare site by site from the destination backwards, case-insensitively. */
  private static int namesFromTheDestination(List<String> a, List<String> b) {
    for (int i = 1; i <= Math.min(a.size(), b.size()); i++) {
      int byName = a.get(a.size() - i).toLowerCase(Locale.ROOT).compareTo(b.get(b.size() - i).toLowerCase(Locale.ROOT));
      if (byName != 0) {
        return byName;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static String expectedNextHop(Config config, List<String> path) {
    return path.subList(1, Math.max(1, path.size() - 1)).stream()
        .filter(config::relaysThrough)
        .findFirst()
        .orElse(path.get(path.size() - 1));
  }

  private static List<List<String>> allSimplePaths(Config config, String from, String to) {
    List<List<String>> paths = new ArrayList<>();
    extend(config, new ArrayList<>(List.of(from)), to, paths);
    return paths;
  }

  private static void extend(Config config, List<String> path, String to, List<List<String>> paths) {
    String last = path.get(path.size() - 1);
    if (last.equals(to)) {
      paths.add(List.copyOf(path));
      return;
    }
    for (Site next : config.sites()) {
      boolean linked = config.links().stream().anyMatch(l -> l.joins(last) && l.joins(next.name()));
      if (linked && !path.contains(next.name())) {
        path.add(next.name());
        extend(config, path, to, paths);
        path.remove(path.size() - 1);
      }
    }
  }

  private static <T> List<T> shuffled(List<T> values, Random random) {
    List<T> copy = new ArrayList<>(values);
    Collections.shuffle(copy, random);
    return copy;
  }
}
