package dev.sluice.node.receive;

import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveConnector.Binding;
import dev.sluice.routing.model.ReceiveConnector.RemoteIpRange;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Picks the Receive connector of this server that serves a connection, as Exchange does: among the
 * enabled connectors with a binding for the local address and port and a remote IP range holding the
 * client, the most specific binding wins (a specific address over 0.0.0.0 or ::), then the narrowest
 * remote IP range, then the connector name, so that the choice never depends on the directory's order.
 *
 * <p>Pure and thread-safe; a connector whose ranges cannot be parsed never matches (validation refuses
 * it; one written by another tool must not break receiving).
 */
public final class ReceiveConnectorMatcher {
  private ReceiveConnectorMatcher() {}

  /** The connector that serves {@code remote} connecting to {@code local}, if any does. */
  public static Optional<ReceiveConnector> select(
      List<ReceiveConnector> connectors, InetSocketAddress local, InetSocketAddress remote) {
    ReceiveConnector best = null;
    int bestBinding = -1;
    BigInteger bestRange = null;
    for (ReceiveConnector c : connectors) {
      if (!c.enabled()) {
        continue;
      }
      int binding = bindingScore(c.bindings(), local);
      if (binding < 0) {
        continue;
      }
      BigInteger range = narrowestRange(c.remoteIpRanges(), remote.getAddress());
      if (range == null) {
        continue;
      }
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
  private static int bindingScore(List<Binding> bindings, InetSocketAddress local) {
    int score = -1;
    for (Binding b : bindings) {
      if (b.port() != local.getPort()) {
        continue;
      }
      InetAddress address = literal(b.address());
      if (address == null) {
        continue;
      }
      if (address.isAnyLocalAddress()) {
        score = Math.max(score, 1);
      } else if (address.equals(local.getAddress())) {
        score = 2;
      }
    }
    return score;
  }

  private static BigInteger narrowestRange(List<RemoteIpRange> ranges, InetAddress remote) {
    BigInteger narrowest = null;
    for (RemoteIpRange text : ranges) {
      IpRange range;
      try {
        range = IpRange.of(text);
      } catch (IllegalArgumentException broken) {
        continue;
      }
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
