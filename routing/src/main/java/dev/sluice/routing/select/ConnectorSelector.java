package dev.sluice.routing.select;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.address.AddressSpaceIndex.Match;
import dev.sluice.routing.decision.Candidate;
import dev.sluice.routing.model.Connector;
import dev.sluice.routing.model.TransportServer;
import dev.sluice.routing.topology.SitePath;
import dev.sluice.routing.topology.SiteTopology;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Picks the connector for one recipient from the address spaces that match it: the one place where
 * the precedence of connector selection is enforced (as Postfix's trivial-rewrite enforces relayhost
 * precedence in one place).
 *
 * <p>Stateless and thread-safe. Never throws for a connector it cannot use: it drops it and, when
 * asked for an explanation, says why.
 */
public final class ConnectorSelector {

  /**
   * The precedence of usable candidates, best first. Filters that drop a connector outright
   * (disabled, too small for the message, scoped to another site, source servers unreachable) come
   * before this in {@link #select}.
   */
  public static final Comparator<ScoredCandidate> PRECEDENCE =
      // The most specific address space wins: contoso.com over *.contoso.com over *.com over *.
      Comparator.comparingInt((ScoredCandidate c) -> -c.specificity())
          // Then the lowest aggregate cost: site path cost to the nearest source server plus space cost.
          .thenComparingLong(ScoredCandidate::aggregateCost)
          // Then proximity: the local server is a source server, then a source server in the local site.
          .thenComparingInt(ScoredCandidate::proximity)
          // Then the connector name, so that the choice never depends on the order of the directory.
          .thenComparing(c -> c.view().nameKey());

  /** What selection found. */
  public sealed interface Selection {
    /** A connector won. */
    record Winner(ScoredCandidate candidate) implements Selection {}

    /**
     * No connector can be used.
     *
     * @param anyMatched some address space matched the recipient
     * @param tooBig some matching connector refused the message only for its size: the message is larger
     *     than every connector that could carry it
     */
    record NoneUsable(boolean anyMatched, boolean tooBig) implements Selection {}
  }

  private final SiteTopology topology;

  public ConnectorSelector(SiteTopology topology) {
    this.topology = topology;
  }

  /**
   * Selects among {@code matches} (most specific first) for a message of {@code messageSize} bytes
   * handled by {@code local}; when {@code explanation} is not null, every candidate is added to it.
   */
  public Selection select(
      List<Match<ConnectorView>> matches, TransportServer local, String localSite, long messageSize, List<Candidate> explanation) {
    String localKey = local.name().toLowerCase(Locale.ROOT);
    String localSiteKey = localSite.toLowerCase(Locale.ROOT);
    ScoredCandidate best = null;
    boolean anyTooBig = false;
    for (Match<ConnectorView> match : matches) {
      if (best != null && match.specificity() < best.specificity() && explanation == null) {
        break; // Nothing less specific can beat the winner.
      }
      ConnectorView view = match.entry().value();
      AddressSpace space = match.entry().space();
      String dropped = dropReason(view, space, local, localKey, localSiteKey);
      if (dropped != null) {
        note(explanation, view, space, match.specificity(), -1, -1, dropped);
        continue;
      }
      if (!view.connector().maxMessageSize().admits(messageSize)) {
        anyTooBig = true;
        note(explanation, view, space, match.specificity(), -1, -1,
            "dropped: MaxMessageSize " + view.connector().maxMessageSize() + " is below the message size " + messageSize);
        continue;
      }
      ScoredCandidate scored = score(view, space, match.specificity(), localKey, localSite, localSiteKey);
      if (scored == null) {
        note(explanation, view, space, match.specificity(), -1, -1,
            "dropped: no source server's site can be reached from site " + localSite);
        continue;
      }
      note(explanation, view, space, scored.specificity(), scored.aggregateCost(), scored.proximity(), "usable");
      if (best == null || PRECEDENCE.compare(scored, best) < 0) {
        best = scored;
      }
    }
    if (best == null) {
      return new Selection.NoneUsable(!matches.isEmpty(), anyTooBig);
    }
    return new Selection.Winner(best);
  }

  /** Why {@code view} cannot serve a recipient handled by {@code local}, or null when it can. */
  private static String dropReason(
      ConnectorView view, AddressSpace space, TransportServer local, String localKey, String localSiteKey) {
    Connector connector = view.connector();
    if (!connector.enabled()) {
      return "dropped: the connector is disabled";
    }
    if (local.isEdge() && !view.isSourceServer(localKey)) {
      // An Edge sees only the connectors it is a source server of (what EdgeSync gives it).
      return "dropped: an Edge server uses only the connectors it is a source server of";
    }
    if (connector.isScoped(space) && !view.serversBySite().containsKey(localSiteKey)) {
      return "dropped: " + space + " is scoped to the site of the connector's source servers";
    }
    return null;
  }

  /** The figures of a usable connector, or null when none of its source servers' sites is reachable. */
  private ScoredCandidate score(
      ConnectorView view, AddressSpace space, int specificity, String localKey, String localSite, String localSiteKey) {
    if (view.isSourceServer(localKey)) {
      SitePath here = topology.path(localSite, localSite).orElse(new SitePath(List.of(localSite), 0, localSite));
      return new ScoredCandidate(view, space, specificity, space.cost(), ScoredCandidate.PROXIMITY_LOCAL_SERVER, localSiteKey, here);
    }
    SitePath nearest = null;
    String nearestSite = null;
    for (Map.Entry<String, List<TransportServer>> site : view.serversBySite().entrySet()) {
      SitePath path = topology.path(localSite, site.getKey()).orElse(null);
      if (path != null && (nearest == null || closer(path, site.getKey(), nearest, nearestSite))) {
        nearest = path;
        nearestSite = site.getKey();
      }
    }
    if (nearest == null) {
      return null;
    }
    int proximity = nearestSite.equals(localSiteKey) ? ScoredCandidate.PROXIMITY_LOCAL_SITE : ScoredCandidate.PROXIMITY_REMOTE;
    return new ScoredCandidate(view, space, specificity, nearest.cost() + space.cost(), proximity, nearestSite, nearest);
  }

  /** The nearest site: lower path cost, then fewer hops, then the lower name. */
  private static boolean closer(SitePath a, String aSite, SitePath b, String bSite) {
    if (a.cost() != b.cost()) {
      return a.cost() < b.cost();
    }
    if (a.sites().size() != b.sites().size()) {
      return a.sites().size() < b.sites().size();
    }
    return aSite.compareTo(bSite) < 0;
  }

  private static void note(
      List<Candidate> explanation, ConnectorView view, AddressSpace space, int specificity, long cost, int proximity, String outcome) {
    if (explanation != null) {
      explanation.add(new Candidate(view.connector().name(), space, specificity, cost, proximity, outcome));
    }
  }
}
