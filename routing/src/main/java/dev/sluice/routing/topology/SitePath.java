package dev.sluice.routing.topology;

import java.util.List;

/**
 * STUB API: a least-cost path between two sites.
 *
 * @param sites from the source site to the destination site, both included (one site for a path to itself)
 * @param cost the sum of the routing costs of its links (0 for a path to itself)
 * @param nextHopSite the site that takes the next hop: the first hub site (with a hub) on the path after the
 *     source, else the destination
 */
public record SitePath(List<String> sites, long cost, String nextHopSite) {
  public SitePath {
    sites = List.copyOf(sites);
  }
}
