package dev.sluice.node.delivery;

import dev.sluice.node.delivery.queue.QueueInfo;
import dev.sluice.node.delivery.queue.QueueStatus;
import dev.sluice.routing.decision.NextHop;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One queue: the items bound for one next hop (delivery type, next-hop domain, connector), or one of the
 * node's two special queues (Unreachable, Poison), with its retry state. Mutable; guarded by the
 * {@link QueueManager}'s lock.
 */
final class NextHopQueue {
  /** What the queue is for. */
  enum Kind {
    NEXT_HOP,
    UNREACHABLE,
    POISON
  }

  final String identity;
  final Kind kind;
  final NextHop hop;
  final Set<QueuedItem> items = new LinkedHashSet<>();
  /** Where the balancer's rotation stands for the next session of this queue. */
  long rotation;
  int sessions;
  int connected;
  boolean suspended;
  /** Failures in a row to reach any host of the next hop. */
  int failures;
  Optional<Instant> nextRetry = Optional.empty();
  Optional<Instant> lastRetry = Optional.empty();
  Optional<String> lastError = Optional.empty();

  NextHopQueue(String identity, Kind kind, NextHop hop) {
    this.identity = identity;
    this.kind = kind;
    this.hop = hop;
  }

  /**
   * Whether the queue waits for its next retry at {@code now}. A clock that went back past the last retry (an
   * NTP step) ends the wait: the retry it planned is otherwise late by the size of the step. The retry that
   * follows plans the next one by the new clock, so this costs one early retry, never a storm.
   */
  boolean waitingForRetry(Instant now) {
    return nextRetry.isPresent() && nextRetry.get().isAfter(now) && !lastRetry.filter(now::isBefore).isPresent();
  }

  QueueStatus status(Instant now) {
    if (suspended) {
      return QueueStatus.SUSPENDED;
    }
    if (sessions > 0) {
      return connected > 0 ? QueueStatus.ACTIVE : QueueStatus.CONNECTING;
    }
    return waitingForRetry(now) ? QueueStatus.RETRY : QueueStatus.READY;
  }

  QueueInfo info(Instant now) {
    String type = switch (kind) {
      case UNREACHABLE -> "Unreachable";
      case POISON -> "Poison";
      case NEXT_HOP -> hop.type().exchangeName();
    };
    return new QueueInfo(identity, type, kind == Kind.NEXT_HOP ? hop.domain() : "", hop.connector(), status(now),
        items.size(), nextRetry, lastRetry, lastError);
  }
}
