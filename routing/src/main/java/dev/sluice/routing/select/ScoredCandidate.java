package dev.sluice.routing.select;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.balance.ServerRing;
import dev.sluice.routing.decision.NextHop;
import dev.sluice.routing.topology.SitePath;

/**
 * The connector that won for one recipient: its place in the packed group it won among, the figures
 * selection worked out for it, and what the next-hop planner reads of it, taken from the group once
 * so that a remembered winner ({@link SelectionMemo}) is planned without reading the group again.
 *
 * <p>Immutable (every field final), so that it may be shared between threads through a plain array.
 */
public final class ScoredCandidate implements ConnectorSelector.Selection {

  /** The local server is a source server. */
  public static final int PROXIMITY_LOCAL_SERVER = 0;
  /** A source server is in the local site. */
  public static final int PROXIMITY_LOCAL_SITE = 1;
  /** The nearest source servers are in another site. */
  public static final int PROXIMITY_REMOTE = 2;

  private final CandidateGroups groups;
  private final int candidate;
  private final long aggregateCost;
  private final int proximity;
  private final SitePath path;
  private final int targetSiteNumber;
  private final long sizeLimit;
  private final ConnectorView view;
  private final String connectorName;
  private final NextHop relayHop;
  private final boolean edgeSourced;
  private final ServerRing targets;

  /**
   * @param groups the packed candidates it won among
   * @param candidate the candidate in {@code groups} (its first int)
   * @param aggregateCost the site path cost to its nearest source servers' site plus the address space cost
   * @param proximity {@link #PROXIMITY_LOCAL_SERVER}, {@link #PROXIMITY_LOCAL_SITE} or {@link #PROXIMITY_REMOTE}
   * @param path the least-cost path from the local site to the site of its nearest source servers
   * @param targetSiteNumber the topology's number of that site
   * @param sizeLimit the largest message size for which selection gives this same winner: the smallest
   *     packed MaxMessageSize among the candidates it weighed
   */
  ScoredCandidate(CandidateGroups groups, int candidate, long aggregateCost, int proximity, SitePath path,
      int targetSiteNumber, long sizeLimit) {
    this.groups = groups;
    this.candidate = candidate;
    this.aggregateCost = aggregateCost;
    this.proximity = proximity;
    this.path = path;
    this.targetSiteNumber = targetSiteNumber;
    this.sizeLimit = sizeLimit;
    this.view = groups.view(candidate);
    this.connectorName = groups.connectorName(candidate);
    this.relayHop = groups.relayHop(candidate);
    this.edgeSourced = (groups.flags(candidate) & CandidateGroups.EDGE_SOURCED) != 0;
    this.targets = groups.serversInSite(candidate, targetSiteNumber);
  }

  public CandidateGroups groups() {
    return groups;
  }

  public int candidate() {
    return candidate;
  }

  public long aggregateCost() {
    return aggregateCost;
  }

  public int proximity() {
    return proximity;
  }

  public SitePath path() {
    return path;
  }

  public int targetSiteNumber() {
    return targetSiteNumber;
  }

  /** Up to this message size, the same recipient from the same server picks this same winner. */
  public long sizeLimit() {
    return sizeLimit;
  }

  public ConnectorView view() {
    return view;
  }

  /** The address space of the connector that matched. */
  public AddressSpace space() {
    return groups.space(candidate);
  }

  public int specificity() {
    return groups.specificity(candidate);
  }

  /** The winning connector's name. */
  public String connectorName() {
    return connectorName;
  }

  /** The next hop of a relay to the winner's source servers in the local site. */
  public NextHop relayHop() {
    return relayHop;
  }

  /** Whether the winner's source servers are Edge servers. */
  public boolean edgeSourced() {
    return edgeSourced;
  }

  /** The connector's source servers in the target site (empty when none). */
  public ServerRing targets() {
    return targets;
  }

  @Override
  public String toString() {
    return "ScoredCandidate[" + connectorName + ", cost " + aggregateCost + ", proximity " + proximity
        + ", site " + targetSiteNumber + "]";
  }
}
