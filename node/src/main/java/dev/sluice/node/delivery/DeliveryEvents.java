package dev.sluice.node.delivery;

import dev.sluice.node.spool.Envelope;
import dev.sluice.routing.decision.NextHopType;
import java.time.Duration;
import java.util.List;

/**
 * What delivery tells the tracking log and the metrics: each recipient delivered (SEND), deferred (DEFER)
 * or failed (FAIL). Implementations are thread-safe and quick; they never throw.
 */
public interface DeliveryEvents {
  /** Nothing is told. */
  DeliveryEvents NONE = new DeliveryEvents() {};

  /**
   * {@code recipients} reached the next hop {@code host} (a server's name when {@code type} is a relay), which
   * answered {@code reply}.
   */
  default void delivered(Envelope envelope, String connector, NextHopType type, String host, List<String> recipients,
      String reply, Duration sinceReceipt) {}

  /** {@code recipients} wait for a retry after {@code reason} (a 4xx, or no host reachable). */
  default void deferred(Envelope envelope, String connector, String host, List<String> recipients, String reason) {}

  /** {@code recipients} cannot be delivered: a DSN goes to the sender. */
  default void failed(Envelope envelope, String connector, String host, List<String> recipients, String status,
      String reason) {}

  /** A DSN {@code dsnMessageId} about {@code envelope} was queued for {@code to}. */
  default void dsnQueued(Envelope envelope, String dsnMessageId, String to, String action) {}
}
