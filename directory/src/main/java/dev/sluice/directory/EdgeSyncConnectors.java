package dev.sluice.directory;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.SmartHost;
import dev.sluice.routing.model.UsageType;
import dev.sluice.routing.validate.UsageDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two Send connectors an Edge subscription stores, as Exchange's EdgeSync does: {@code EdgeSync -
 * <site> to Internet} ({@code SMTP:*;100}, DNS routing) and {@code EdgeSync - Inbound to <site>}
 * ({@code SMTP:--;1}, smart hosts {@code --}: the live hubs of the site), both with the site's subscribed
 * Edges as source servers.
 *
 * <p>Pure functions; thread-safe. The to-Internet connector has the Internet usage's defaults and the
 * inbound one the Internal usage's (authenticated as an Exchange server), as Exchange gives them.
 */
public final class EdgeSyncConnectors {
  private EdgeSyncConnectors() {}

  public static String toInternetName(String site) {
    return "EdgeSync - " + site + " to Internet";
  }

  public static String inboundName(String site) {
    return "EdgeSync - Inbound to " + site;
  }

  /** The to-Internet connector of {@code site}: {@code existing} with {@code edge} added, or a new one. */
  public static SendConnector toInternet(String site, String edge, Optional<SendConnector> existing) {
    return existing.map(c -> withSource(c, edge)).orElseGet(() -> UsageDefaults.newConnector(
        SendConnector.builder(toInternetName(site))
            .addressSpaces(List.of(AddressSpace.parse("SMTP:*;100")))
            .dnsRoutingEnabled(true)
            .sourceTransportServers(edge),
        Optional.of(UsageType.INTERNET), Optional.empty()));
  }

  /** The inbound connector of {@code site}: {@code existing} with {@code edge} added, or a new one. */
  public static SendConnector inbound(String site, String edge, Optional<SendConnector> existing) {
    return existing.map(c -> withSource(c, edge)).orElseGet(() -> UsageDefaults.newConnector(
        SendConnector.builder(inboundName(site))
            .addressSpaces(List.of(AddressSpace.parse("SMTP:--;1")))
            .smartHosts(List.of(SmartHost.ORGANIZATION_HUBS))
            .dnsRoutingEnabled(false)
            .sourceTransportServers(edge),
        Optional.of(UsageType.INTERNAL), Optional.empty()));
  }

  /** {@code c} without {@code edge} as a source server; empty when it was the last one. */
  public static Optional<SendConnector> withoutSource(SendConnector c, String edge) {
    List<String> rest = c.sourceTransportServers().stream().filter(s -> !s.equalsIgnoreCase(edge)).toList();
    return rest.isEmpty() ? Optional.empty() : Optional.of(c.toBuilder().sourceTransportServers(rest).build());
  }

  private static SendConnector withSource(SendConnector c, String edge) {
    if (c.sourceTransportServers().stream().anyMatch(s -> s.equalsIgnoreCase(edge))) {
      return c;
    }
    List<String> servers = new ArrayList<>(c.sourceTransportServers());
    servers.add(edge);
    return c.toBuilder().sourceTransportServers(servers).build();
  }
}
