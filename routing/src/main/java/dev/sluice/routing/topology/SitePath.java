package dev.sluice.routing.topology;

import java.util.List;
import java.util.Objects;

/**
 * A least-cost path between two sites, as {@link SiteTopology} chose it, and the site that takes its
 * next hop.
 *
 * <p>Immutable and thread-safe. The constructor refuses an empty path, a negative cost and a next-hop
 * site that is not on the path after the source.
 *
 * @param sites from the source site to the destination site, both included (one site for a path to itself),
 *     in their configured spelling
 * @param cost the sum of the routing costs of its links (0 for a path to itself)
 * @param nextHopSite the site that takes the next hop: the first hub site (with a hub) on the path after the
 *     source, else the destination
 */
public record SitePath(List<String> sites, long cost, String nextHopSite) {
  public SitePath {
    sites = List.copyOf(sites);
    if (sites.isEmpty()) {
      throw new IllegalArgumentException("a site path needs at least its source site");
    }
    if (cost < 0) {
      throw new IllegalArgumentException("the cost of path " + sites + " must not be negative, not " + cost);
    }
    Objects.requireNonNull(nextHopSite, "next hop site of path " + sites);
    // The source never takes its own hop, except on the path to itself.
    int hop = sites.subList(1, sites.size()).indexOf(nextHopSite);
    if (hop < 0 && !(sites.size() == 1 && sites.get(0).equals(nextHopSite))) {
      throw new IllegalArgumentException(
          "next hop site " + nextHopSite + " must be a site of path " + sites + " after its source");
    }
  }

  /** The site the path starts at. */
  public String source() {
    return sites.get(0);
  }

  /** The site the path ends at. */
  public String destination() {
    return sites.get(sites.size() - 1);
  }

  /** The number of site links the path crosses (0 for a path to itself). */
  public int hops() {
    return sites.size() - 1;
  }

  /** Whether a hub site on the path takes the hop instead of the destination. */
  public boolean relaysThroughHubSite() {
    return !nextHopSite.equals(destination());
  }
}
