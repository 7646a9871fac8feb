package dev.sluice.node.delivery;

import dev.sluice.node.spool.Envelope;
import dev.sluice.node.spool.Recipient;
import dev.sluice.node.spool.SpoolId;
import dev.sluice.routing.decision.RoutingDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The part of one message that one queue holds: the recipients that share its next hop and are not yet
 * settled. Mutable; guarded by the {@link QueueManager}'s lock (a session works on it outside the lock only
 * while {@link #active} keeps everyone else off).
 */
final class QueuedItem {
  final SpoolId id;
  final Envelope envelope;
  final long size;
  RoutingDecision decision;
  final List<Recipient> recipients;
  NextHopQueue queue;
  /** A message that got a 4xx waits until then (MessageRetryInterval). */
  Instant notBefore = Instant.EPOCH;
  int attempts;
  Optional<String> lastError = Optional.empty();
  boolean active;
  boolean delayReported;

  QueuedItem(SpoolId id, Envelope envelope, long size, RoutingDecision decision, List<Recipient> recipients) {
    this.id = id;
    this.envelope = envelope;
    this.size = size;
    this.decision = decision;
    this.recipients = new ArrayList<>(recipients);
  }

  List<String> addresses() {
    return recipients.stream().map(Recipient::address).toList();
  }

  /**
   * Whether a session may take it now; a wait longer than {@code longestWait} ahead means the clock was set
   * back meanwhile, and the item is ready rather than held for the size of the step.
   */
  boolean ready(Instant now, java.time.Duration longestWait) {
    return !active && (!notBefore.isAfter(now) || notBefore.isAfter(now.plus(longestWait)));
  }
}
