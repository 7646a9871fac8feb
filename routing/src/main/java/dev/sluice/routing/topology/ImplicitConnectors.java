package dev.sluice.routing.topology;

import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.TransportServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The implicit intra-organization connectors, computed from a {@link SiteTopology} and never stored:
 * the hubs of one site reach each other directly, hubs of other sites along the least-cost path of
 * site links, and an Edge and the hubs of the site it is subscribed to reach each other directly.
 *
 * <p>An Edge belongs to the organization only through its Edge subscription: its own {@code site}
 * field plays no part, and everything it sends beyond the hubs of its subscribed site goes through
 * those hubs. Immutable and thread-safe as the topology is. {@link #route} answers unknown servers
 * and missing paths with {@link ImplicitRoute.Unreachable}; {@link #connectorsFrom} refuses an unknown
 * server with {@link IllegalArgumentException}.
 */
public final class ImplicitConnectors {
  private final SiteTopology topology;

  public ImplicitConnectors(SiteTopology topology) {
    this.topology = Objects.requireNonNull(topology, "site topology");
  }

  /** How {@code fromServer} reaches {@code toServer} (names case-insensitive). */
  public ImplicitRoute route(String fromServer, String toServer) {
    Optional<TransportServer> from = topology.server(fromServer);
    Optional<TransportServer> to = topology.server(toServer);
    if (from.isEmpty() || to.isEmpty()) {
      String unknown = from.isEmpty() ? fromServer : toServer;
      return new ImplicitRoute.Unreachable("server " + unknown + " is not configured");
    }
    TransportServer source = from.get();
    TransportServer target = to.get();
    if (source.name().equals(target.name())) {
      return new ImplicitRoute.Local(source);
    }
    Optional<String> sourceSite = organizationSite(source);
    Optional<String> targetSite = organizationSite(target);
    if (sourceSite.isEmpty() || targetSite.isEmpty()) {
      TransportServer edge = sourceSite.isEmpty() ? source : target;
      return new ImplicitRoute.Unreachable(
          "Edge server " + edge.name() + " has no Edge subscription; subscribe it to a site");
    }
    boolean sameSite = SiteTopology.key(sourceSite.get()).equals(SiteTopology.key(targetSite.get()));
    if (sameSite && (source.isHub() || target.isHub())) {
      return new ImplicitRoute.Direct(target);
    }
    for (TransportServer end : List.of(source, target)) {
      if (end.isEdge() && topology.hubsOf(organizationSite(end).orElseThrow()).isEmpty()) {
        return new ImplicitRoute.Unreachable("site " + organizationSite(end).orElseThrow() + " of the Edge"
            + " subscription of " + end.name() + " has no hub to relay for it; add a hub to that site");
      }
    }
    Optional<SitePath> path = topology.path(sourceSite.get(), targetSite.get());
    if (path.isEmpty()) {
      return new ImplicitRoute.Unreachable(noPath(sourceSite.get(), targetSite.get()));
    }
    String nextHop = source.isEdge() ? path.get().source() : path.get().nextHopSite();
    return new ImplicitRoute.ViaSite(nextHop, path.get().destination(), path.get());
  }

  /**
   * The implicit connectors of {@code server}: for a hub, one to each other hub of its site, to each
   * Edge subscribed to its site (both in name order) and to each reachable remote site that has a hub
   * (in site name order); for a subscribed Edge, one to each hub of its site; none for an Edge without
   * a subscription.
   */
  public List<ImplicitConnector> connectorsFrom(String server) {
    TransportServer source = topology.server(server).orElseThrow(() -> new IllegalArgumentException(
        "server " + server + " is not configured; name a Hub or Edge transport server"));
    List<ImplicitConnector> connectors = new ArrayList<>();
    Optional<String> site = organizationSite(source);
    if (site.isEmpty()) {
      return List.of();
    }
    for (TransportServer hub : topology.hubsOf(site.get())) {
      if (!hub.name().equals(source.name())) {
        connectors.add(new ImplicitConnector.ToServer(source, hub));
      }
    }
    if (source.isEdge()) {
      return List.copyOf(connectors);
    }
    for (TransportServer edge : topology.edgesSubscribedTo(site.get())) {
      connectors.add(new ImplicitConnector.ToServer(source, edge));
    }
    for (Site remote : topology.sites()) {
      Optional<SitePath> path = topology.path(site.get(), remote.name());
      if (path.isPresent() && path.get().hops() > 0 && !topology.hubsOf(remote.name()).isEmpty()) {
        connectors.add(new ImplicitConnector.ToSite(source, path.get()));
      }
    }
    return List.copyOf(connectors);
  }

  /**
   * The site a server sends from and is reached at, in its configured spelling when it is configured:
   * a hub's own site, an Edge's subscribed site.
   */
  private Optional<String> organizationSite(TransportServer server) {
    if (server.isEdge()) {
      return topology.subscribedSite(server.name());
    }
    return Optional.of(topology.site(server.site()).map(Site::name).orElse(server.site()));
  }

  private String noPath(String fromSite, String toSite) {
    for (String site : List.of(fromSite, toSite)) {
      if (topology.site(site).isEmpty()) {
        return "site " + site + " is not configured; add it or move the server to a configured site";
      }
    }
    return "no site link path from site " + fromSite + " to site " + toSite
        + "; add a site link that joins them";
  }
}
