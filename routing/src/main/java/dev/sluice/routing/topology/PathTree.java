package dev.sluice.routing.topology;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The least-cost paths from one site to all others, as {@link SiteGraph#pathsFrom} found them: each
 * site's predecessor, cost and next hop, turned into a {@link SitePath} on the first question about it.
 *
 * <p>Keeping predecessors rather than every path keeps the paths from one site in memory linear in the
 * number of sites; the path to a site is built once, by walking back its predecessors. Thread-safe:
 * the arrays are never written after construction, and two threads building the same path at once
 * build equal values, one of which is kept.
 */
public final class PathTree {
  private final List<String> names;
  private final long[] cost;
  private final int[] hops;
  private final int[] predecessor;
  private final int[] nextHop;
  private final AtomicReferenceArray<SitePath> paths;

  /** Takes ownership of the arrays, which the caller must not touch again. */
  PathTree(List<String> names, long[] cost, int[] hops, int[] predecessor, int[] nextHop) {
    this.names = names;
    this.cost = cost;
    this.hops = hops;
    this.predecessor = predecessor;
    this.nextHop = nextHop;
    this.paths = new AtomicReferenceArray<>(names.size());
  }

  /** The cost of the path to {@code target}; {@link Long#MAX_VALUE} when no link reaches it. */
  public long cost(int target) {
    return cost[target];
  }

  /** The number of the site that takes the next hop toward {@code target}. */
  public int nextHop(int target) {
    return nextHop[target];
  }

  /**
   * The site before {@code target} on the path to it, -1 for the source itself and for a site no link
   * reaches: walking it back from a site visits the path toward the source, one site a step.
   */
  public int predecessor(int target) {
    return predecessor[target];
  }

  /** The number of links on the path to {@code target}. */
  public int hops(int target) {
    return hops[target];
  }

  /** The path to site {@code target}, {@code null} when no link reaches it. */
  SitePath to(int target) {
    if (cost[target] == Long.MAX_VALUE) {
      return null;
    }
    SitePath path = paths.get(target);
    if (path == null) {
      String[] sites = new String[hops[target] + 1];
      for (int site = target, i = sites.length - 1; i >= 0; site = predecessor[site], i--) {
        sites[i] = names.get(site);
      }
      paths.compareAndSet(target, null, new SitePath(List.of(sites), cost[target], names.get(nextHop[target])));
      path = paths.get(target);
    }
    return path;
  }
}
