package dev.sluice.routing.topology;

import dev.sluice.routing.model.TransportServer;
import java.util.Objects;

/**
 * How one transport server reaches another over the implicit intra-organization connectors: itself,
 * directly, through a site on the least-cost path, or not at all.
 *
 * <p>Immutable values, thread-safe. See {@link ImplicitConnectors#route} for which case applies.
 */
public sealed interface ImplicitRoute {

  /** The target is the local server itself: no connector is involved. */
  record Local(TransportServer server) implements ImplicitRoute {
    public Local {
      Objects.requireNonNull(server, "server");
    }
  }

  /**
   * The local server hands the message straight to the target: hubs of one site, a hub and an Edge
   * subscribed to its site, an Edge and a hub of its subscribed site.
   */
  record Direct(TransportServer target) implements ImplicitRoute {
    public Direct {
      Objects.requireNonNull(target, "target server");
    }
  }

  /**
   * The message goes to a hub of {@code nextHopSite}, which carries it on toward {@code destinationSite}.
   *
   * <p>From a hub, {@code nextHopSite} is {@code path.nextHopSite()}: a hub site on the path, else the
   * destination site; when it is the destination site and the target is a hub, the local hub connects
   * to the target itself. From an Edge, the path starts at the Edge's subscribed site and
   * {@code nextHopSite} is that site: an Edge only talks to the hubs of its subscribed site, which then
   * follow the path. The destination site of an Edge target is its subscribed site, whose hubs relay
   * to it.
   *
   * @param nextHopSite the site whose hubs take the message next
   * @param destinationSite the site of the target (for an Edge, the site it is subscribed to)
   * @param path the least-cost path the message follows toward {@code destinationSite}
   */
  record ViaSite(String nextHopSite, String destinationSite, SitePath path) implements ImplicitRoute {
    public ViaSite {
      Objects.requireNonNull(nextHopSite, "next hop site");
      Objects.requireNonNull(destinationSite, "destination site");
      Objects.requireNonNull(path, "path");
      if (!path.destination().equals(destinationSite)) {
        throw new IllegalArgumentException(
            "path " + path.sites() + " must end at destination site " + destinationSite);
      }
      if (!nextHopSite.equals(path.nextHopSite()) && !nextHopSite.equals(path.source())) {
        throw new IllegalArgumentException("next hop site " + nextHopSite
            + " must be the next hop of path " + path.sites() + " or, from an Edge, its source");
      }
    }
  }

  /**
   * The configuration gives no way from the local server to the target; the message goes to the
   * Unreachable queue.
   *
   * @param reason what is missing, phrased so that an administrator knows what to configure
   */
  record Unreachable(String reason) implements ImplicitRoute {
    public Unreachable {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
