package dev.sluice.routing.model;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of a Receive connector, with Exchange 2007's defaults for a Hub and for an Edge.
 *
 * @param maxMessageSize larger messages get 552 5.3.4
 * @param maxRecipientsPerMessage more recipients get 452 4.5.3
 * @param maxHopCount more Received headers get 554 5.4.0
 * @param maxLocalHopCount more Received headers added by this organization get 554 5.4.0
 * @param connectionTimeout the longest a connection may stay open
 * @param connectionInactivityTimeout the longest a connection may stay idle
 * @param maxInboundConnection connections the connector serves at once
 * @param maxInboundConnectionPerSource connections from one remote address at once
 * @param maxProtocolErrors protocol errors before the connection is dropped
 */
public record ReceiveLimits(
    MaxMessageSize maxMessageSize,
    int maxRecipientsPerMessage,
    int maxHopCount,
    int maxLocalHopCount,
    Duration connectionTimeout,
    Duration connectionInactivityTimeout,
    int maxInboundConnection,
    int maxInboundConnectionPerSource,
    int maxProtocolErrors) {

  public static final ReceiveLimits HUB_DEFAULTS =
      new ReceiveLimits(MaxMessageSize.TEN_MB, 200, 30, 8, Duration.ofMinutes(10), Duration.ofMinutes(5), 5000, 20, 5);
  public static final ReceiveLimits EDGE_DEFAULTS =
      new ReceiveLimits(MaxMessageSize.TEN_MB, 200, 30, 8, Duration.ofMinutes(5), Duration.ofMinutes(1), 5000, 20, 5);

  public ReceiveLimits {
    Objects.requireNonNull(maxMessageSize, "MaxMessageSize must be given");
    Names.requireRange(maxRecipientsPerMessage, 1, Integer.MAX_VALUE, "MaxRecipientsPerMessage");
    Names.requireRange(maxHopCount, 1, 500, "MaxHopCount");
    Names.requireRange(maxLocalHopCount, 0, 50, "MaxLocalHopCount");
    requirePositive(connectionTimeout, "ConnectionTimeout");
    requirePositive(connectionInactivityTimeout, "ConnectionInactivityTimeout");
    Names.requireRange(maxInboundConnection, 1, Integer.MAX_VALUE, "MaxInboundConnection");
    Names.requireRange(maxInboundConnectionPerSource, 1, Integer.MAX_VALUE, "MaxInboundConnectionPerSource");
    Names.requireRange(maxProtocolErrors, 0, Integer.MAX_VALUE, "MaxProtocolErrors");
  }

  /** The defaults for a server of {@code role}. */
  public static ReceiveLimits defaultsFor(ServerRole role) {
    return role == ServerRole.EDGE ? EDGE_DEFAULTS : HUB_DEFAULTS;
  }

  private static void requirePositive(Duration d, String field) {
    Objects.requireNonNull(d, () -> field + " must be given");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(field + " must be positive, not " + d);
    }
  }
}
