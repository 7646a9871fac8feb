package dev.sluice.routing.topology;

import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reference least costs for tests, computed the slow and obviously right way. */
final class BellmanFord {
  static final long UNREACHABLE = Long.MAX_VALUE;

  private BellmanFord() {}

  /** The least cost from {@code source} to each of {@code sites}, in their order; UNREACHABLE where none. */
  static long[] distances(List<Site> sites, List<SiteLink> links, String source) {
    long[] distance = new long[sites.size()];
    Arrays.fill(distance, UNREACHABLE);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < sites.size(); i++) {
      index.put(sites.get(i).name().toLowerCase(Locale.ROOT), i);
    }
    distance[index.get(source.toLowerCase(Locale.ROOT))] = 0;
    for (int round = 0; round < sites.size(); round++) {
      boolean changed = false;
      for (SiteLink link : links) {
        for (String a : link.sites()) {
          for (String b : link.sites()) {
            Integer from = index.get(a.toLowerCase(Locale.ROOT));
            Integer to = index.get(b.toLowerCase(Locale.ROOT));
            if (from != null && to != null && distance[from] != UNREACHABLE
                && distance[from] + link.routingCost() < distance[to]) {
              distance[to] = distance[from] + link.routingCost();
              changed = true;
            }
          }
        }
      }
      if (!changed) {
        break;
      }
    }
    return distance;
  }

  /** The cost of walking {@code path} over the cheapest link between each pair of its sites; fails if a pair is not linked. */
  static long costAlong(List<SiteLink> links, List<String> path) {
    long cost = 0;
    for (int i = 1; i < path.size(); i++) {
      String a = path.get(i - 1);
      String b = path.get(i);
      cost += links.stream()
          .filter(link -> link.joins(a) && link.joins(b))
          .mapToInt(SiteLink::routingCost)
          .min()
          .orElseThrow(() -> new AssertionError("no link joins " + a + " and " + b));
    }
    return cost;
  }
}
