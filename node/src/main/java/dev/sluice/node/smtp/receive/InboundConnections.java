package dev.sluice.node.smtp.receive;

import dev.sluice.node.smtp.SmtpReply;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The inbound SMTP connections open now, counted for the whole node, by Receive connector and by remote
 * address within a connector, so that one past {@code limits.max-connections}, MaxInboundConnection or
 * MaxInboundConnectionPerSource is refused before the greeting (catalogue row 44).
 *
 * <p>Thread-safe: one instance is shared by the policies of every connection; a lock guards a few map
 * updates and nothing else. Each connection holds its count through its own {@link Place}.
 */
public final class InboundConnections {
  private final int maxConnections;
  private final Map<String, Integer> byConnector = new HashMap<>();
  private final Map<Source, Integer> bySource = new HashMap<>();
  private int total;

  /** @param maxConnections the node's {@code limits.max-connections} */
  public InboundConnections(int maxConnections) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("limits.max-connections must be at least 1, not " + maxConnections);
    }
    this.maxConnections = maxConnections;
  }

  /**
   * What a connector allows.
   *
   * @param maxInboundConnection connections the connector serves at once
   * @param maxInboundConnectionPerSource connections from one remote address at once
   * @param sourceExempt whether this source is one the per-source limit does not apply to (the
   *     organization's own servers, on a connector granting ExchangeServers)
   */
  public record Limits(int maxInboundConnection, int maxInboundConnectionPerSource, boolean sourceExempt) {
    public Limits {
      if (maxInboundConnection < 1 || maxInboundConnectionPerSource < 1) {
        throw new IllegalArgumentException("MaxInboundConnection and MaxInboundConnectionPerSource must be at least 1, not "
            + maxInboundConnection + " and " + maxInboundConnectionPerSource);
      }
    }
  }

  /** The place of one connection, taken when its greeting is due and given back when it closes. */
  public Place newPlace() {
    return new Place();
  }

  /**
   * One connection's place among the open ones. {@link #take} holds it or says which limit is reached;
   * {@link #release()} gives back what is held, once, so a connection that closes without ever taking one,
   * or is told of its close twice, cannot skew the counts. Thread-safe.
   */
  public final class Place {
    private Source held;

    private Place() {}

    /** Takes a place for a connection from {@code remote} to {@code connector}: empty, or the refusal to send. */
    public Optional<SmtpReply> take(String connector, InetAddress remote, Limits limits) {
      synchronized (InboundConnections.this) {
        if (held != null) {
          throw new IllegalStateException("a connection takes its place once");
        }
        Optional<SmtpReply> refusal = refusal(connector, remote, limits);
        if (refusal.isEmpty()) {
          held = new Source(connector, remote);
          total++;
          byConnector.merge(connector, 1, Integer::sum);
          bySource.merge(held, 1, Integer::sum);
        }
        return refusal;
      }
    }

    /** Gives the place back, if one is held. */
    public void release() {
      synchronized (InboundConnections.this) {
        if (held != null) {
          total--;
          byConnector.computeIfPresent(held.connector(), (k, n) -> n == 1 ? null : n - 1);
          bySource.computeIfPresent(held, (k, n) -> n == 1 ? null : n - 1);
          held = null;
        }
      }
    }
  }

  private Optional<SmtpReply> refusal(String connector, InetAddress remote, Limits limits) {
    if (total >= maxConnections || byConnector.getOrDefault(connector, 0) >= limits.maxInboundConnection()) {
      return Optional.of(SmtpReply.of(421, "4.3.2",
          "The maximum number of concurrent connections has been reached, try again later"));
    }
    if (!limits.sourceExempt() && bySource.getOrDefault(new Source(connector, remote), 0) >= limits.maxInboundConnectionPerSource()) {
      return Optional.of(SmtpReply.of(421, "4.7.0", "Too many connections from " + remote.getHostAddress()));
    }
    return Optional.empty();
  }

  /** Connections open now, on every connector. */
  public synchronized int open() {
    return total;
  }

  private record Source(String connector, InetAddress address) {}
}
