package dev.sluice.routing.select;

import dev.sluice.routing.balance.ServerRing;
import dev.sluice.routing.decision.NextHop;
import dev.sluice.routing.decision.NextHopType;
import dev.sluice.routing.model.Connector;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.TransportServer;
import dev.sluice.routing.topology.SiteTopology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A connector with what selection asks of it on every recipient worked out once, when the routing
 * table is built: its source servers by routing site, as numbers and as balancer rings.
 *
 * <p>Immutable and thread-safe. A source server that is not configured is left out (validation refuses
 * such a connector; one written by another tool must not break routing).
 *
 * @param connector the connector
 * @param nameKey the connector's name in lower case: the last tie-break
 * @param edgeSourced whether the source servers are Edge servers
 * @param siteNumbers the topology's numbers ({@link SiteTopology#siteNumber}) of the sites its source
 *     servers are reached in (an Edge: its subscribed site)
 * @param serverNumbers the topology's numbers of the configured source servers ({@link SiteTopology#serverNumber})
 * @param serversPerSite the source servers of each of those sites as a balancer ring, in the order of
 *     {@code siteNumbers}
 * @param relayHop the next hop of a relay to the source servers in the local site (its queue's key)
 */
public record ConnectorView(
    Connector connector,
    String nameKey,
    boolean edgeSourced,
    int[] siteNumbers,
    int[] serverNumbers,
    List<ServerRing> serversPerSite,
    NextHop relayHop) {

  /** Works out the view of {@code connector} against the configured {@code topology}. */
  public static ConnectorView of(Connector connector, SiteTopology topology) {
    return of(connector, topology, ServerRing::of);
  }

  /**
   * Works out the view of {@code connector}, its rings made by {@code rings}: the routing table passes
   * one that hands out one ring per distinct set of servers, so that the few rings of an organization
   * stay in cache rather than one per connector and site.
   */
  public static ConnectorView of(
      Connector connector, SiteTopology topology, Function<List<TransportServer>, ServerRing> rings) {
    TreeSet<Integer> servers = new TreeSet<>();
    Map<Integer, List<TransportServer>> bySite = new LinkedHashMap<>();
    boolean edge = false;
    for (String name : connector.sourceTransportServers()) {
      TransportServer server = topology.server(name).orElse(null);
      if (server == null) {
        continue;
      }
      servers.add(topology.serverNumber(server.name()));
      String site = server.site();
      if (server.role() == ServerRole.EDGE) {
        edge = true;
        site = topology.subscribedSite(server.name()).orElse(server.site());
      }
      bySite.computeIfAbsent(topology.siteNumber(site), s -> new ArrayList<>()).add(server);
    }
    return new ConnectorView(
        connector,
        connector.name().toLowerCase(Locale.ROOT),
        edge,
        bySite.keySet().stream().mapToInt(Integer::intValue).toArray(),
        servers.stream().mapToInt(Integer::intValue).toArray(),
        bySite.values().stream().map(rings).toList(),
        new NextHop(edge ? NextHopType.SMTP_RELAY_WITHIN_AD_SITE_TO_EDGE : NextHopType.SMTP_RELAY_TO_CONNECTOR_SOURCE_SERVERS,
            connector.name(), connector.name()));
  }
}
