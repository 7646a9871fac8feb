package dev.sluice.routing.select;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.balance.ServerRing;
import dev.sluice.routing.decision.NextHop;
import dev.sluice.routing.topology.SitePath;

/**
 * The connector that won for one recipient: its place in the packed group it won among, and the
 * figures selection worked out for it. Everything else is read from the group when asked for.
 *
 * @param groups the packed candidates it won among
 * @param candidate the candidate in {@code groups} (its first int)
 * @param aggregateCost the site path cost to its nearest source servers' site plus the address space cost
 * @param proximity {@link #PROXIMITY_LOCAL_SERVER}, {@link #PROXIMITY_LOCAL_SITE} or {@link #PROXIMITY_REMOTE}
 * @param path the least-cost path from the local site to the site of its nearest source servers
 * @param targetSiteNumber the topology's number of that site
 */
public record ScoredCandidate(
    CandidateGroups groups, int candidate, long aggregateCost, int proximity, SitePath path, int targetSiteNumber)
    implements ConnectorSelector.Selection {

  /** The local server is a source server. */
  public static final int PROXIMITY_LOCAL_SERVER = 0;
  /** A source server is in the local site. */
  public static final int PROXIMITY_LOCAL_SITE = 1;
  /** The nearest source servers are in another site. */
  public static final int PROXIMITY_REMOTE = 2;

  public ConnectorView view() {
    return groups.view(candidate);
  }

  /** The address space of the connector that matched. */
  public AddressSpace space() {
    return groups.space(candidate);
  }

  public int specificity() {
    return groups.specificity(candidate);
  }

  /** The winning connector's name, read from the packed groups. */
  public String connectorName() {
    return groups.connectorName(candidate);
  }

  /** The next hop of a relay to the winner's source servers in the local site. */
  public NextHop relayHop() {
    return groups.relayHop(candidate);
  }

  /** Whether the winner's source servers are Edge servers. */
  public boolean edgeSourced() {
    return (groups.flags(candidate) & CandidateGroups.EDGE_SOURCED) != 0;
  }

  /** The connector's source servers in the target site: read only when the hop goes to them. */
  public ServerRing targets() {
    return groups.serversInSite(candidate, targetSiteNumber);
  }
}
