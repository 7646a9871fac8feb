package dev.sluice.node.receive;

import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveConnector.Binding;
import dev.sluice.routing.model.ReceiveConnector.RemoteIpRange;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Picks the Receive connector of this server that serves a connection, as Exchange does: among the
 * enabled connectors with a binding for the local address and port and a remote IP range holding the
 * client, the most specific binding wins (a specific address over 0.0.0.0 or ::), then the narrowest
 * remote IP range, then the connector name, so that the choice never depends on the directory's order.
 *
 * <p>Immutable and thread-safe. {@link #of} parses the connectors' bindings and ranges once (a node keeps
 * one matcher per directory snapshot, so a connection costs comparisons, not parsing); a connector whose
 * ranges cannot be parsed never matches (validation refuses it; one written by another tool must not break
 * receiving).
 */
public final class ReceiveConnectorMatcher {
  /** A connector with its bindings and ranges parsed; an unparsable binding is null, a range left out. */
  private record Parsed(ReceiveConnector connector, List<Integer> ports, List<InetAddress> addresses,
      List<IpRange> ranges) {}

  private final List<Parsed> connectors;

  private ReceiveConnectorMatcher(List<Parsed> connectors) {
    this.connectors = connectors;
  }

  /** The matcher of {@code connectors}: the enabled ones, parsed. */
  public static ReceiveConnectorMatcher of(List<ReceiveConnector> connectors) {
    List<Parsed> parsed = new ArrayList<>();
    for (ReceiveConnector c : connectors) {
      if (!c.enabled()) {
        continue;
      }
      List<Integer> ports = new ArrayList<>();
      List<InetAddress> addresses = new ArrayList<>();
      for (Binding b : c.bindings()) {
        InetAddress address = literal(b.address());
        if (address != null) {
          ports.add(b.port());
          addresses.add(address);
        }
      }
      List<IpRange> ranges = new ArrayList<>();
      for (RemoteIpRange text : c.remoteIpRanges()) {
        try {
          ranges.add(IpRange.of(text));
        } catch (IllegalArgumentException broken) {
          // Never matches: see the class comment.
        }
      }
      parsed.add(new Parsed(c, List.copyOf(ports), List.copyOf(addresses), List.copyOf(ranges)));
    }
    return new ReceiveConnectorMatcher(List.copyOf(parsed));
  }

  /** The connector that serves {@code remote} connecting to {@code local}, if any does. */
  public Optional<ReceiveConnector> select(InetSocketAddress local, InetSocketAddress remote) {
    ReceiveConnector best = null;
    int bestBinding = -1;
    BigInteger bestRange = null;
    for (Parsed p : connectors) {
      int binding = bindingScore(p, local);
      if (binding < 0) {
        continue;
      }
      BigInteger range = narrowestRange(p.ranges(), remote.getAddress());
      if (range == null) {
        continue;
      }
      ReceiveConnector c = p.connector();
      if (best == null || binding > bestBinding
          || (binding == bestBinding && (range.compareTo(bestRange) < 0
              || (range.equals(bestRange) && c.name().compareToIgnoreCase(best.name()) < 0)))) {
        best = c;
        bestBinding = binding;
        bestRange = range;
      }
    }
    return Optional.ofNullable(best);
  }

  /** 2 for a binding of exactly the local address, 1 for the any-address, -1 for none with the port. */
  private static int bindingScore(Parsed p, InetSocketAddress local) {
    int score = -1;
    for (int i = 0; i < p.ports().size(); i++) {
      if (p.ports().get(i) != local.getPort()) {
        continue;
      }
      InetAddress address = p.addresses().get(i);
      if (address.isAnyLocalAddress()) {
        score = Math.max(score, 1);
      } else if (address.equals(local.getAddress())) {
        score = 2;
      }
    }
    return score;
  }

  private static BigInteger narrowestRange(List<IpRange> ranges, InetAddress remote) {
    BigInteger narrowest = null;
    for (IpRange range : ranges) {
      if (range.contains(remote) && (narrowest == null || range.size().compareTo(narrowest) < 0)) {
        narrowest = range.size();
      }
    }
    return narrowest;
  }

  private static InetAddress literal(String address) {
    try {
      return IpRange.isLiteral(address) ? InetAddress.getByName(address) : null;
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
