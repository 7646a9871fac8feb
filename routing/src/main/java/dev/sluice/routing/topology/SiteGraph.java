package dev.sluice.routing.topology;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The site-link graph and the least-cost paths from one site to all others, with Exchange's tie-breaks.
 *
 * <p>Sites are numbered in name order (lower-case, ordinal), so comparing two site numbers is
 * comparing their names: that makes the name rule an integer comparison and the result independent of
 * the order the configuration listed anything in. Immutable after construction and thread-safe;
 * {@link #pathsFrom} computes afresh on every call.
 */
final class SiteGraph {
  private static final int NONE = -1;

  private final List<String> names;
  private final boolean[] relayHub;
  private final int[][] neighbours;
  private final int[][] costs;

  /**
   * @param names the site names in their configured spelling, sorted by lower-case name
   * @param relayHub per site: a hub site with at least one hub, which takes the hop when on a path
   * @param edges per pair of site numbers {@code (a, b)}, {@code a < b}, packed as {@code a * n + b}: the
   *     lowest routing cost of the links that join them
   */
  SiteGraph(List<String> names, boolean[] relayHub, Map<Long, Integer> edges) {
    this.names = List.copyOf(names);
    this.relayHub = relayHub.clone();
    int n = names.size();
    int[] degree = new int[n];
    edges.keySet().forEach(pair -> {
      degree[(int) (pair / n)]++;
      degree[(int) (pair % n)]++;
    });
    neighbours = new int[n][];
    costs = new int[n][];
    for (int site = 0; site < n; site++) {
      neighbours[site] = new int[degree[site]];
      costs[site] = new int[degree[site]];
    }
    int[] filled = new int[n];
    edges.forEach((pair, cost) -> {
      int a = (int) (pair / n);
      int b = (int) (pair % n);
      neighbours[a][filled[a]] = b;
      costs[a][filled[a]++] = cost;
      neighbours[b][filled[b]] = a;
      costs[b][filled[b]++] = cost;
    });
  }

  /** Adds a link's cost between sites {@code a} and {@code b} to {@code edges}, keeping the lowest. */
  static void join(Map<Long, Integer> edges, int siteCount, int a, int b, int cost) {
    long pair = (long) Math.min(a, b) * siteCount + Math.max(a, b);
    edges.merge(pair, cost, Math::min);
  }

  int size() {
    return names.size();
  }

  /**
   * The least-cost paths from {@code source} to every site.
   *
   * <p>Dijkstra settles sites in (cost, hops) order: every edge costs at least 1, so all predecessors
   * of a site on its cheapest paths are settled before it, and the name rule can be decided when they
   * relax it. Two tied paths to a site that enter it from different predecessors first differ, walking
   * back from the destination, at those predecessors; tied paths through the same predecessor share
   * its already-decided path. So Exchange's rule reduces to "the lower-named predecessor wins".
   */
  PathTree pathsFrom(int source) {
    int n = size();
    long[] cost = new long[n];
    int[] hops = new int[n];
    int[] predecessor = new int[n];
    Arrays.fill(cost, Long.MAX_VALUE);
    Arrays.fill(predecessor, NONE);
    boolean[] settled = new boolean[n];
    int[] settleOrder = new int[n];
    int settledCount = 0;
    cost[source] = 0;
    PriorityQueue<long[]> queue = new PriorityQueue<>(SiteGraph::byCostThenHops);
    queue.add(new long[] {0, 0, source});
    while (!queue.isEmpty()) {
      int site = (int) queue.poll()[2];
      if (settled[site]) {
        continue;
      }
      settled[site] = true;
      settleOrder[settledCount++] = site;
      for (int i = 0; i < neighbours[site].length; i++) {
        int next = neighbours[site][i];
        long nextCost = cost[site] + costs[site][i];
        int nextHops = hops[site] + 1;
        if (!settled[next] && better(nextCost, nextHops, site, cost[next], hops[next], predecessor[next])) {
          boolean queuedAlready = nextCost == cost[next] && nextHops == hops[next];
          cost[next] = nextCost;
          hops[next] = nextHops;
          predecessor[next] = site;
          if (!queuedAlready) {
            queue.add(new long[] {nextCost, nextHops, next});
          }
        }
      }
    }
    return tree(settleOrder, settledCount, cost, hops, predecessor, source);
  }

  /** The tie-break order of two paths to the same site, one rule a line. */
  private static boolean better(long cost, int hops, int via, long bestCost, int bestHops, int bestVia) {
    if (cost != bestCost) {
      return cost < bestCost; // least cost first: the site link costs are the administrator's intent
    }
    if (hops != bestHops) {
      return hops < bestHops; // then fewer hops: fewer relays for the same cost
    }
    return via < bestVia; // then Exchange's rule: the lower name nearest the destination (see pathsFrom)
  }

  private static int byCostThenHops(long[] a, long[] b) {
    int byCost = Long.compare(a[0], b[0]);
    return byCost != 0 ? byCost : Long.compare(a[1], b[1]);
  }

  /** Finds each site's next hop from its predecessor's, in settle order so the predecessor's is known. */
  private PathTree tree(int[] settleOrder, int settledCount, long[] cost, int[] hops, int[] predecessor, int source) {
    // The first hub site strictly between the source and the site, NONE if there is none.
    int[] innerHub = new int[size()];
    int[] nextHop = new int[size()];
    for (int i = 0; i < settledCount; i++) {
      int site = settleOrder[i];
      int via = predecessor[site];
      boolean viaRelays = via != NONE && via != source && relayHub[via];
      innerHub[site] = via == NONE ? NONE : innerHub[via] != NONE || !viaRelays ? innerHub[via] : via;
      nextHop[site] = innerHub[site] == NONE ? site : innerHub[site];
    }
    return new PathTree(names, cost, hops, predecessor, nextHop);
  }
}
