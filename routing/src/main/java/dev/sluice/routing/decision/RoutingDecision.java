package dev.sluice.routing.decision;

import dev.sluice.routing.model.Connector;
import dev.sluice.routing.model.SmartHost;
import dev.sluice.routing.model.TransportServer;
import java.util.List;
import java.util.Objects;

/**
 * What routing decided for one recipient on one server: deliver from here, relay to the connector's
 * source servers, relay to the next site, Unreachable, Failed, or Deferred.
 *
 * <p>Every decision that moves mail carries a {@link NextHop}, which keys the queue the recipient
 * joins. Why a connector won is not part of the value: ask {@code RoutingTable.explain} for it, so the
 * hot path never builds the explanation.
 */
public sealed interface RoutingDecision {

  /** The queue this recipient joins: the Unreachable queue unless the decision moves mail. */
  default NextHop nextHop() {
    return NextHop.UNREACHABLE;
  }

  /** The name of the connector that won, for the decisions that move mail. */
  default java.util.Optional<String> connectorName() {
    if (this instanceof Deliver d) {
      return java.util.Optional.of(d.connector().name());
    }
    if (this instanceof RelayToSourceServers r) {
      return java.util.Optional.of(r.connector());
    }
    if (this instanceof RelayToSite r) {
      return java.util.Optional.of(r.connector());
    }
    return java.util.Optional.empty();
  }

  /** The local server is a source server of the connector: deliver from here. */
  record Deliver(NextHop nextHop, Connector connector, DeliveryTarget target) implements RoutingDecision {
    public Deliver {
      Objects.requireNonNull(nextHop);
      Objects.requireNonNull(connector);
      Objects.requireNonNull(target);
    }
  }

  /**
   * Relay over SMTP to the connector's source servers, only those of the nearest site that has any,
   * in the order the balancer gave (first is tried first); the type of the hop says whether they are
   * hubs ({@code SmtpRelayToConnectorSourceServers}) or Edges subscribed to the local site
   * ({@code SmtpRelayWithinAdSiteToEdge}).
   */
  record RelayToSourceServers(NextHop nextHop, String connector, List<TransportServer> servers)
      implements RoutingDecision {
    public RelayToSourceServers {
      Objects.requireNonNull(nextHop);
      Objects.requireNonNull(connector);
      servers = List.copyOf(servers);
    }
  }

  /**
   * Relay to the hubs of the next site on the least-cost path toward the connector's source servers
   * ({@code SmtpRelayToRemoteAdSite}). The next hop names the site that takes the hop by configuration
   * (a hub site on the path, else the destination site), whoever is alive, so the queue keeps its key.
   *
   * @param site the site the message goes to: the one that takes the hop, or when none of its hosts is
   *     alive, the site nearest it on the path, before it, with a live hub (the message waits there,
   *     Exchange's queue at point of failure)
   * @param destinationSite the site of the connector's nearest source servers
   * @param hubs the live hosts of {@code site} in the balancer's order (the connector's source servers
   *     there when it holds them, else its hubs); empty when neither the site that takes the hop nor
   *     any site between here and it has one alive (the message waits here)
   */
  record RelayToSite(NextHop nextHop, String connector, String site, String destinationSite, List<TransportServer> hubs)
      implements RoutingDecision {
    public RelayToSite {
      Objects.requireNonNull(nextHop);
      Objects.requireNonNull(connector);
      Objects.requireNonNull(site);
      Objects.requireNonNull(destinationSite);
      hubs = List.copyOf(hubs);
    }
  }

  /** No route now; the recipient waits in the Unreachable queue and is routed again on a change. */
  record Unreachable(String reason) implements RoutingDecision {
    public Unreachable {
      Objects.requireNonNull(reason);
    }
  }

  /** No route can exist: the recipient gets a DSN with {@code status}. */
  record Failed(String reason, EnhancedStatus status) implements RoutingDecision {
    public Failed {
      Objects.requireNonNull(reason);
      Objects.requireNonNull(status);
    }
  }

  /** The node has no complete directory snapshot yet: the message waits, it is never bounced for this. */
  record Deferred(String reason) implements RoutingDecision {
    public Deferred {
      Objects.requireNonNull(reason);
    }
  }

  /** Where a {@link Deliver} goes. */
  sealed interface DeliveryTarget {
    /** The connector's smart hosts in the balancer's order, each with the port to use. */
    record SmartHosts(List<SmartHost> hosts, int port) implements DeliveryTarget {
      public SmartHosts {
        hosts = List.copyOf(hosts);
      }
    }

    /** The MX hosts of {@code domain}, looked up by the node (external resolvers when asked). */
    record Mx(String domain, int port, boolean useExternalDnsServers) implements DeliveryTarget {}

    /** The hubs of the Edge's subscribed site ({@code --} smart host), in the balancer's order. */
    record OrganizationHubs(String site, List<TransportServer> hubs) implements DeliveryTarget {
      public OrganizationHubs {
        hubs = List.copyOf(hubs);
      }
    }

    /** A Foreign connector's drop directory. */
    record DropDirectory(String path) implements DeliveryTarget {}
  }
}
