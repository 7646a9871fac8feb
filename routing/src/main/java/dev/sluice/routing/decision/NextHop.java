package dev.sluice.routing.decision;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a recipient goes next, as a value that keys a queue: delivery type, next-hop domain, connector.
 *
 * @param type the kind of hop
 * @param domain the next-hop domain: the recipient's domain for DNS delivery, the connector's smart hosts,
 *     the site for a relay to a remote site, the connector for a relay to its source servers, the Edge
 *     server for a relay to the Edge, {@code Unreachable} for the Unreachable queue
 * @param connector the connector the hop serves, or empty for the Unreachable queue
 */
public record NextHop(NextHopType type, String domain, String connector) {
  public static final NextHop UNREACHABLE = new NextHop(NextHopType.UNREACHABLE, "Unreachable", "");

  public NextHop {
    Objects.requireNonNull(type, "next hop type");
    domain = Objects.requireNonNull(domain, "next hop domain").toLowerCase(Locale.ROOT);
    Objects.requireNonNull(connector, "next hop connector");
  }

  /** {@code DnsConnectorDelivery:contoso.com:Internet}: the queue's identity in logs and the CLI. */
  @Override
  public String toString() {
    return type.exchangeName() + ":" + domain + (connector.isEmpty() ? "" : ":" + connector);
  }
}
