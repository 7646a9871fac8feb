package dev.sluice.routing.validate;

import dev.sluice.routing.model.Connector;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.TransportServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lookups the connector rules make in an organization, by lower-case name, worked out once so that
 * validating every connector of a large directory costs O(connectors), not O(connectors squared).
 *
 * <p>Immutable once built; never throws.
 */
final class OrganizationIndex {
  private final Map<String, TransportServer> servers = new HashMap<>();
  private final Map<String, List<Connector>> connectorsByName = new HashMap<>();
  private final Set<String> subscribedEdges = new HashSet<>();
  private final boolean hasHub;

  OrganizationIndex(OrganizationConfig org) {
    for (TransportServer s : org.servers()) {
      servers.putIfAbsent(key(s.name()), s);
    }
    for (Connector c : org.connectors()) {
      connectorsByName.computeIfAbsent(key(c.name()), k -> new ArrayList<>(1)).add(c);
    }
    org.edgeSubscriptions().forEach(s -> subscribedEdges.add(key(s.edgeServer())));
    hasHub = org.servers().stream().anyMatch(TransportServer::isHub);
  }

  Optional<TransportServer> server(String name) {
    return Optional.ofNullable(servers.get(key(name)));
  }

  /** The connectors called {@code name}, in any case. */
  List<Connector> connectorsNamed(String name) {
    return connectorsByName.getOrDefault(key(name), List.of());
  }

  boolean isSubscribed(String edge) {
    return subscribedEdges.contains(key(edge));
  }

  boolean hasHub() {
    return hasHub;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
