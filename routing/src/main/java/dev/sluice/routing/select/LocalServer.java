package dev.sluice.routing.select;

import dev.sluice.routing.model.TransportServer;
import dev.sluice.routing.topology.SiteTopology;

/**
 * The server routing runs on, with the numbers the hot path compares, worked out once per table.
 *
 * @param server the configured server
 * @param site the site it routes from: its own, or for an Edge the site it is subscribed to
 * @param serverNumber its number in the topology ({@link SiteTopology#serverNumber})
 * @param siteNumber the number of {@code site} ({@link SiteTopology#siteNumber})
 */
public record LocalServer(TransportServer server, String site, int serverNumber, int siteNumber) {

  /** The local-server figures of {@code server} in {@code topology}. */
  public static LocalServer of(TransportServer server, SiteTopology topology) {
    String site = server.isEdge() ? topology.subscribedSite(server.name()).orElse(server.site()) : server.site();
    return new LocalServer(server, site, topology.serverNumber(server.name()), topology.siteNumber(site));
  }
}
