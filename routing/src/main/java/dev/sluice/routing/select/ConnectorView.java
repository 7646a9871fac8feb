package dev.sluice.routing.select;

import dev.sluice.routing.balance.ServerRing;
import dev.sluice.routing.decision.NextHop;
import dev.sluice.routing.decision.NextHopType;
import dev.sluice.routing.model.Connector;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.TransportServer;
import dev.sluice.routing.topology.SiteTopology;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;

/**
 * A connector with what selection asks of it on every recipient worked out once, when the routing
 * table is built: its source servers by routing site, and the keys to compare names fast.
 *
 * <p>Immutable and thread-safe. A source server that is not configured is left out (validation refuses
 * such a connector; one written by another tool must not break routing).
 *
 * @param connector the connector
 * @param nameKey the connector's name in lower case: the last tie-break
 * @param sourceServerKeys the configured source servers' names in lower case
 * @param serversBySite source servers grouped by the site they are reached in (an Edge: its subscribed site)
 * @param edgeSourced whether the source servers are Edge servers
 * @param siteKeys the keys of {@code serversBySite}, in its order, for the hot path
 * @param siteNumbers the topology's numbers of those sites ({@link SiteTopology#siteNumber}), in the same order
 * @param serverNumbers the topology's numbers of the configured source servers ({@link SiteTopology#serverNumber})
 * @param serversPerSite the values of {@code serversBySite} as balancer rings, in the order of {@code siteNumbers}
 * @param relayHop the next hop of a relay to the source servers in the local site (its queue's key)
 */
public record ConnectorView(
    Connector connector,
    String nameKey,
    Set<String> sourceServerKeys,
    Map<String, List<TransportServer>> serversBySite,
    boolean edgeSourced,
    String[] siteKeys,
    int[] siteNumbers,
    int[] serverNumbers,
    List<ServerRing> serversPerSite,
    NextHop relayHop) {

  /** Works out the view of {@code connector} against the configured {@code topology}. */
  public static ConnectorView of(Connector connector, SiteTopology topology) {
    Set<String> keys = new HashSet<>();
    Map<String, List<TransportServer>> bySite = new LinkedHashMap<>();
    boolean edge = false;
    for (String name : connector.sourceTransportServers()) {
      TransportServer server = topology.server(name).orElse(null);
      if (server == null) {
        continue;
      }
      keys.add(server.name().toLowerCase(Locale.ROOT));
      String site = server.site();
      if (server.role() == ServerRole.EDGE) {
        edge = true;
        site = topology.subscribedSite(server.name()).orElse(server.site());
      }
      bySite.computeIfAbsent(site.toLowerCase(Locale.ROOT), s -> new ArrayList<>()).add(server);
    }
    Map<String, List<TransportServer>> frozen = new LinkedHashMap<>();
    bySite.forEach((site, servers) -> frozen.put(site, List.copyOf(servers)));
    String[] siteKeys = frozen.keySet().toArray(String[]::new);
    int[] siteNumbers = new int[siteKeys.length];
    for (int i = 0; i < siteKeys.length; i++) {
      siteNumbers[i] = topology.siteNumber(siteKeys[i]);
    }
    return new ConnectorView(
        connector,
        connector.name().toLowerCase(Locale.ROOT),
        Set.copyOf(keys),
        Collections.unmodifiableMap(frozen),
        edge,
        siteKeys,
        siteNumbers,
        keys.stream().mapToInt(topology::serverNumber).sorted().toArray(),
        frozen.values().stream().map(ServerRing::of).toList(),
        new NextHop(edge ? NextHopType.SMTP_RELAY_WITHIN_AD_SITE_TO_EDGE : NextHopType.SMTP_RELAY_TO_CONNECTOR_SOURCE_SERVERS,
            connector.name(), connector.name()));
  }

  /** Whether a source server is reached in the site numbered {@code siteNumber}. */
  public boolean hasSourceServerInSite(int siteNumber) {
    for (int n : siteNumbers) {
      if (n == siteNumber) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code serverKey} (a lower-case server name) is one of the source servers. */
  public boolean isSourceServer(String serverKey) {
    return sourceServerKeys.contains(serverKey);
  }
}
