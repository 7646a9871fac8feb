package dev.sluice.routing;

import dev.sluice.routing.decision.EnhancedStatus;
import dev.sluice.routing.decision.RoutingDecision;
import java.util.Optional;

/**
 * The max hop count rule: a message with more Received headers than the limit is in a loop and fails
 * with {@code 554 5.4.0}, as Exchange's MaxHopCount does (RFC 5321 section 6.3 asks for loop detection
 * by counting Received headers).
 *
 * <p>Stateless and thread-safe.
 */
public final class HopCount {
  /** Exchange 2007's MaxHopCount. */
  public static final int DEFAULT_MAX_HOP_COUNT = 30;

  private HopCount() {}

  /** Failed when {@code receivedHeaders} exceeds {@code maxHopCount}, else empty. */
  public static Optional<RoutingDecision.Failed> check(int receivedHeaders, int maxHopCount) {
    if (maxHopCount < 1) {
      throw new IllegalArgumentException("MaxHopCount must be at least 1, not " + maxHopCount);
    }
    if (receivedHeaders <= maxHopCount) {
      return Optional.empty();
    }
    return Optional.of(new RoutingDecision.Failed(
        "the message has " + receivedHeaders + " Received headers, more than the MaxHopCount of " + maxHopCount
            + ": it is probably looping between servers", EnhancedStatus.HOP_COUNT_EXCEEDED));
  }

  /** {@link #check(int, int)} with the default limit of 30. */
  public static Optional<RoutingDecision.Failed> check(int receivedHeaders) {
    return check(receivedHeaders, DEFAULT_MAX_HOP_COUNT);
  }
}
