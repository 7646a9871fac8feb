package dev.sluice.routing.select;

import static dev.sluice.routing.select.CandidateGroups.ENABLED;
import static dev.sluice.routing.select.CandidateGroups.SCOPED;

import dev.sluice.routing.decision.Candidate;
import dev.sluice.routing.model.TransportServer;
import dev.sluice.routing.topology.PathTree;
import dev.sluice.routing.topology.SitePath;
import dev.sluice.routing.topology.SiteTopology;
import java.util.List;

/**
 * Picks the connector for one recipient from the address spaces that match it: the one place where
 * the precedence of connector selection is enforced (as Postfix's trivial-rewrite enforces relayhost
 * precedence in one place).
 *
 * <p>Stateless and thread-safe. Never throws for a connector it cannot use: it drops it and, when
 * asked for an explanation, says why. It reads the packed figures of a group of {@link CandidateGroups} and
 * touches a connector's objects only for the winner, because this runs for every recipient.
 */
public final class ConnectorSelector {

  /**
   * What selection found: the {@link ScoredCandidate} that won (itself, not wrapped, so that a
   * resolution allocates one object less), or that none can be used.
   */
  public sealed interface Selection permits ScoredCandidate, Selection.NoneUsable {

    /**
     * No connector can be used.
     *
     * @param anyMatched some address space matched the recipient
     * @param tooBig some matching connector refused the message only for its size: the message is larger
     *     than every connector that could carry it
     */
    record NoneUsable(boolean anyMatched, boolean tooBig) implements Selection {}
  }

  /** The outcome an explanation gives a candidate that passed every filter (won or lost on precedence). */
  public static final String USABLE = "usable";

  private static final long UNREACHABLE = Long.MAX_VALUE;

  private final SiteTopology topology;

  public ConnectorSelector(SiteTopology topology) {
    this.topology = topology;
  }

  /**
   * Selects among the candidates of the group at {@code group} of {@code groups} (most specific
   * first) for a message of {@code messageSize} bytes handled by the server {@code here}; when
   * {@code explanation} is not null, every candidate is added to it.
   */
  public Selection select(CandidateGroups groups, int group, LocalServer here, long messageSize, List<Candidate> explanation) {
    TransportServer local = here.server();
    String localSite = here.site();
    int localServer = here.serverNumber();
    int localSiteNumber = here.siteNumber();
    PathTree distances = localSiteNumber < 0 ? null : topology.distancesFrom(localSiteNumber);
    int best = -1;
    long bestCost = 0;
    int bestProximity = 0;
    int bestSite = -1;
    boolean anyTooBig = false;
    long sizeLimit = Long.MAX_VALUE;
    int size = groups.size(group);
    for (int index = 0, i = groups.first(group); index < size; index++, i = groups.next(i)) {
      if (best >= 0 && groups.specificity(i) < groups.specificity(best) && explanation == null) {
        break; // Nothing less specific can beat the winner.
      }
      String dropped = dropReason(groups, i, local.isEdge(), localServer, localSiteNumber);
      if (dropped != null) {
        note(explanation, groups, i, -1, -1, dropped);
        continue;
      }
      sizeLimit = Math.min(sizeLimit, groups.packedMaxSize(i));
      if (!groups.admits(i, messageSize)) {
        anyTooBig = true;
        note(explanation, groups, i, -1, -1, "dropped: MaxMessageSize " + groups.view(i).connector().maxMessageSize()
            + " is below the message size " + messageSize);
        continue;
      }
      int proximity;
      int site;
      long pathCost;
      if (groups.hasSourceServer(i, localServer)) {
        proximity = ScoredCandidate.PROXIMITY_LOCAL_SERVER;
        site = localSiteNumber;
        pathCost = 0;
      } else {
        site = distances == null ? -1 : nearestSite(groups, i, distances);
        if (site < 0) {
          note(explanation, groups, i, -1, -1, "dropped: no source server's site can be reached from site " + localSite);
          continue;
        }
        proximity = site == localSiteNumber ? ScoredCandidate.PROXIMITY_LOCAL_SITE : ScoredCandidate.PROXIMITY_REMOTE;
        pathCost = distances.cost(site);
      }
      long cost = pathCost + groups.cost(i);
      note(explanation, groups, i, cost, proximity, USABLE);
      if (best < 0 || beats(groups, i, cost, proximity, best, bestCost, bestProximity)) {
        best = i;
        bestCost = cost;
        bestProximity = proximity;
        bestSite = site;
      }
    }
    if (best < 0) {
      return new Selection.NoneUsable(size > 0, anyTooBig);
    }
    SitePath path = topology.path(localSiteNumber, bestSite);
    if (path == null) {
      path = new SitePath(List.of(localSite), 0, localSite);
    }
    return new ScoredCandidate(groups, best, bestCost, bestProximity, path, bestSite, sizeLimit);
  }

  /**
   * The precedence of two usable candidates: whether {@code a} beats {@code b}. Filters that drop a
   * connector outright (disabled, scoped to another site, too small for the message, source servers
   * unreachable) come before this in {@link #select}.
   */
  static boolean beats(CandidateGroups groups, int a, long aCost, int aProximity, int b, long bCost, int bProximity) {
    int aSpec = groups.specificity(a);
    int bSpec = groups.specificity(b);
    // The most specific address space wins: contoso.com over *.contoso.com over *.com over *.
    if (aSpec != bSpec) {
      return aSpec > bSpec;
    }
    // Then the lowest aggregate cost: site path cost to the nearest source server plus space cost.
    if (aCost != bCost) {
      return aCost < bCost;
    }
    // Then proximity: the local server is a source server, then a source server in the local site.
    if (aProximity != bProximity) {
      return aProximity < bProximity;
    }
    // Then the connector name, so that the choice never depends on the order of the directory.
    return groups.rank(a) < groups.rank(b);
  }

  /** Why candidate {@code i} cannot serve a recipient handled by the local server, or null when it can. */
  private static String dropReason(CandidateGroups groups, int i, boolean localIsEdge, int localServer, int localSite) {
    int flags = groups.flags(i);
    if ((flags & ENABLED) == 0) {
      return "dropped: the connector is disabled";
    }
    if (localIsEdge && !groups.hasSourceServer(i, localServer)) {
      // An Edge sees only the connectors it is a source server of (what EdgeSync gives it).
      return "dropped: an Edge server uses only the connectors it is a source server of";
    }
    if ((flags & SCOPED) != 0 && !hasSite(groups, i, localSite)) {
      return "dropped: " + groups.space(i) + " is scoped to the site of the connector's source servers";
    }
    return null;
  }

  private static boolean hasSite(CandidateGroups groups, int i, int site) {
    for (int k = groups.sitesFrom(i), end = groups.sitesTo(i); k < end; k++) {
      if (groups.data[k] == site) {
        return true;
      }
    }
    return false;
  }

  /**
   * The site of candidate {@code i}'s source servers nearest to the local site: lower path cost,
   * then fewer hops, then the lower name (site numbers follow name order); -1 when none is reachable.
   */
  private static int nearestSite(CandidateGroups groups, int i, PathTree distances) {
    int nearest = -1;
    long nearestCost = UNREACHABLE;
    int nearestHops = Integer.MAX_VALUE;
    for (int k = groups.sitesFrom(i), end = groups.sitesTo(i); k < end; k++) {
      int site = groups.data[k];
      long cost = site < 0 ? UNREACHABLE : distances.cost(site);
      if (cost == UNREACHABLE) {
        continue;
      }
      int hops = distances.hops(site);
      if (cost < nearestCost || (cost == nearestCost && (hops < nearestHops || (hops == nearestHops && site < nearest)))) {
        nearest = site;
        nearestCost = cost;
        nearestHops = hops;
      }
    }
    return nearest;
  }

  private static void note(List<Candidate> explanation, CandidateGroups groups, int i, long cost, int proximity, String outcome) {
    if (explanation != null) {
      explanation.add(new Candidate(groups.view(i).connector().name(), groups.space(i),
          groups.specificity(i), cost, proximity, outcome));
    }
  }
}
