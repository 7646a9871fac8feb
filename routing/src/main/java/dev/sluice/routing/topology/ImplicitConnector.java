package dev.sluice.routing.topology;

import dev.sluice.routing.model.TransportServer;
import java.util.Objects;

/**
 * One implicit intra-organization connector of a transport server, computed from the topology and
 * never stored, for display.
 *
 * <p>Immutable values, thread-safe.
 */
public sealed interface ImplicitConnector {

  /** The server that sends over this connector. */
  TransportServer source();

  /** To one server directly: another hub of the site, an Edge subscribed to it, or a hub of an Edge's site. */
  record ToServer(TransportServer source, TransportServer target) implements ImplicitConnector {
    public ToServer {
      Objects.requireNonNull(source, "source server");
      Objects.requireNonNull(target, "target server");
    }
  }

  /** To the hubs of a remote site along the least-cost path, handed to {@code path.nextHopSite()}. */
  record ToSite(TransportServer source, SitePath path) implements ImplicitConnector {
    public ToSite {
      Objects.requireNonNull(source, "source server");
      Objects.requireNonNull(path, "path");
    }

    /** The remote site this connector reaches. */
    public String destinationSite() {
      return path.destination();
    }
  }
}
