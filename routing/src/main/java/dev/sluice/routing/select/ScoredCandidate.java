package dev.sluice.routing.select;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.balance.ServerRing;
import dev.sluice.routing.topology.SitePath;

/**
 * A usable connector for one recipient with the figures the precedence rules compare.
 *
 * @param view the connector
 * @param space its address space that matched
 * @param specificity how specific the match is (higher wins)
 * @param aggregateCost the site path cost to its nearest source servers' site plus the address space cost
 * @param proximity 0: the local server is a source server; 1: a source server is in the local site; 2: neither
 * @param targetSite the site of the nearest source servers
 * @param path the least-cost path from the local site to {@code targetSite}
 * @param targetSiteNumber the topology's number of {@code targetSite}
 * @param group the packed candidates it won among
 * @param candidate its index in {@code group}
 */
public record ScoredCandidate(
    ConnectorView view, AddressSpace space, int specificity, long aggregateCost, int proximity, String targetSite,
    SitePath path, int targetSiteNumber, CandidateGroup group, int candidate) {

  /** The winning connector's name, read from the packed group. */
  public String connectorName() {
    return group.connectorName(candidate);
  }

  /** The next hop of a relay to the winner's source servers in the local site. */
  public dev.sluice.routing.decision.NextHop relayHop() {
    return group.relayHop(candidate);
  }

  /** Whether the winner's source servers are Edge servers. */
  public boolean edgeSourced() {
    return (group.flags(candidate) & CandidateGroup.EDGE_SOURCED) != 0;
  }

  /** The connector's source servers in {@code targetSite}: read only when the hop goes to them. */
  public ServerRing targets() {
    return group.serversInSite(candidate, targetSiteNumber);
  }


  public static final int PROXIMITY_LOCAL_SERVER = 0;
  public static final int PROXIMITY_LOCAL_SITE = 1;
  public static final int PROXIMITY_REMOTE = 2;
}
