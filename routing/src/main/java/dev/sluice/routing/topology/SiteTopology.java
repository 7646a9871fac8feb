package dev.sluice.routing.topology;

import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import java.util.List;
import java.util.Optional;

/** STUB API: to be written by the topology work. */
public final class SiteTopology {
  private SiteTopology() {}

  public static SiteTopology build(
      List<Site> sites, List<SiteLink> links, List<TransportServer> servers, List<EdgeSubscription> subscriptions) {
    throw new UnsupportedOperationException("stub");
  }

  /** The least-cost path from {@code fromSite} to {@code toSite}; empty when unreachable or unknown. */
  public Optional<SitePath> path(String fromSite, String toSite) {
    throw new UnsupportedOperationException("stub");
  }

  /** The configured hubs of {@code site}, in name order. */
  public List<TransportServer> hubsOf(String site) {
    throw new UnsupportedOperationException("stub");
  }

  /** The configured server called {@code name} (case-insensitive). */
  public Optional<TransportServer> server(String name) {
    throw new UnsupportedOperationException("stub");
  }

  /** The site {@code edgeServer} is subscribed to. */
  public Optional<String> subscribedSite(String edgeServer) {
    throw new UnsupportedOperationException("stub");
  }
}
