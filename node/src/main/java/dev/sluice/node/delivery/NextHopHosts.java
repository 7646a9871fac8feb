package dev.sluice.node.delivery;

import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.Member;
import dev.sluice.node.config.HostPort;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.decision.RoutingDecision.DeliveryTarget;
import dev.sluice.routing.model.SmartHost;
import dev.sluice.routing.model.TransportServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The hosts a queue's next hop stands for, in the order to try them: a smart host's addresses (a name's
 * A and AAAA records through the node's resolvers, an IP literal as it is), the MX hosts of the
 * recipient domain, or the registered SMTP endpoints of the transport servers a relay goes to (in the
 * balancer's order). Each address is a failover candidate; the name stays with it for certificate checks
 * and logs.
 *
 * <p>Thread-safe; blocking (DNS), so it runs on a delivery thread.
 */
public final class NextHopHosts {
  /** One address to connect to; {@code name} is the configured or MX name (or the server's name). */
  public record Host(String name, InetSocketAddress address) {
    public Host {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(address, "address");
    }
  }

  /** What a next hop resolved to. */
  public sealed interface Hosts {
    /** Addresses to try in turn; at least one. */
    record Found(List<Host> hosts) implements Hosts {
      public Found {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
          throw new IllegalArgumentException("a next hop that was found has at least one host");
        }
      }
    }

    /** No delivery is possible for this domain: its recipients fail with a DSN. */
    record Permanent(String reason, String enhancedStatus) implements Hosts {}

    /** Nothing to connect to now; the queue retries. */
    record Unavailable(String reason) implements Hosts {}
  }

  private final MxResolver internal;
  private final MxResolver external;

  /** {@code internal} resolves with {@code dns.servers}, {@code external} with {@code dns.external-servers}. */
  public NextHopHosts(MxResolver internal, MxResolver external) {
    this.internal = Objects.requireNonNull(internal, "internal resolver");
    this.external = Objects.requireNonNull(external, "external resolver");
  }

  /** The hosts of {@code decision}'s next hop; {@code snapshot} gives the relays' registered endpoints. */
  public Hosts resolve(RoutingDecision decision, DirectorySnapshot snapshot) {
    if (decision instanceof RoutingDecision.Deliver deliver) {
      DeliveryTarget target = deliver.target();
      if (target instanceof DeliveryTarget.Mx mx) {
        return fromMx((mx.useExternalDnsServers() ? external : internal).resolve(mx.domain()), mx.port());
      }
      if (target instanceof DeliveryTarget.SmartHosts smart) {
        return smartHosts(smart);
      }
      if (target instanceof DeliveryTarget.OrganizationHubs hubs) {
        return servers(hubs.hubs(), snapshot, "no hub of site " + hubs.site() + " is registered");
      }
      return new Hosts.Unavailable("a drop directory has no hosts");
    }
    if (decision instanceof RoutingDecision.RelayToSourceServers relay) {
      return servers(relay.servers(), snapshot, "no source server of " + relay.connector() + " is registered");
    }
    if (decision instanceof RoutingDecision.RelayToSite relay) {
      return servers(relay.hubs(), snapshot, "no hub of site " + relay.site() + " is registered");
    }
    return new Hosts.Unavailable("the decision moves no mail: " + decision);
  }

  private static Hosts fromMx(MxResolver.Result result, int port) {
    if (result instanceof MxResolver.Result.Permanent p) {
      return new Hosts.Permanent(p.reason(), p.enhancedStatus());
    }
    if (result instanceof MxResolver.Result.Transient t) {
      return new Hosts.Unavailable(t.reason());
    }
    List<Host> hosts = new ArrayList<>();
    for (MxResolver.MxHost mx : ((MxResolver.Result.Hosts) result).hosts()) {
      mx.addresses().forEach(a -> hosts.add(new Host(mx.name(), new InetSocketAddress(a, port))));
    }
    return new Hosts.Found(hosts);
  }

  private Hosts smartHosts(DeliveryTarget.SmartHosts smart) {
    List<Host> hosts = new ArrayList<>();
    String problem = "the connector has no smart host";
    for (SmartHost host : smart.hosts()) {
      int port = host.port().orElse(smart.port());
      if (host.kind() == SmartHost.Kind.NAME) {
        MxResolver.Result found = internal.addresses(host.host());
        if (found instanceof MxResolver.Result.Hosts h) {
          h.hosts().forEach(mx -> mx.addresses()
              .forEach(a -> hosts.add(new Host(host.host(), new InetSocketAddress(a, port)))));
        } else {
          // A smart host name that does not resolve is the administrator's to fix: the mail waits.
          problem = "smart host " + host.host() + ": " + reasonOf(found);
        }
      } else {
        literal(host.host()).ifPresent(a -> hosts.add(new Host(host.host(), new InetSocketAddress(a, port))));
      }
    }
    return hosts.isEmpty() ? new Hosts.Unavailable(problem) : new Hosts.Found(hosts);
  }

  private static Hosts servers(List<TransportServer> servers, DirectorySnapshot snapshot, String none) {
    List<Host> hosts = new ArrayList<>();
    for (TransportServer server : servers) {
      Optional<Member> member = snapshot.member(server.name());
      if (member.isEmpty() || member.get().smtpEndpoint().isEmpty()) {
        continue;
      }
      HostPort endpoint = HostPort.parse(member.get().smtpEndpoint());
      literal(endpoint.host()).ifPresent(a -> hosts.add(new Host(server.name(), new InetSocketAddress(a, endpoint.port()))));
    }
    return hosts.isEmpty() ? new Hosts.Unavailable(none) : new Hosts.Found(hosts);
  }

  private static Optional<InetAddress> literal(String address) {
    try {
      // An IP literal: getByName parses it without a lookup.
      return Optional.of(InetAddress.getByName(address));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static String reasonOf(MxResolver.Result result) {
    if (result instanceof MxResolver.Result.Permanent p) {
      return p.reason();
    }
    return ((MxResolver.Result.Transient) result).reason();
  }
}
