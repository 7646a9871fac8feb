package dev.sluice.node.delivery;

import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.node.smtp.client.SmtpClient;
import dev.sluice.node.spool.Recipient;
import dev.sluice.node.spool.SpooledMessage;
import dev.sluice.routing.balance.BalanceContext;
import dev.sluice.routing.decision.RoutingDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link DeliverySession} may do with its queue: take the next ready item, report what happened
 * to it, and report whether the next hop could be reached. Every method takes the {@link QueueManager}'s lock
 * briefly; a lease is one session's, made by the manager for it.
 */
public final class Lease {
  private static final Logger LOG = LoggerFactory.getLogger(Lease.class);

  private final QueueManager manager;
  private final NextHopQueue q;
  final List<QueuedItem> held = new ArrayList<>();

  Lease(QueueManager manager, NextHopQueue q) {
    this.manager = manager;
    this.q = q;
  }

  /** The next item to send, marked active; empty when none is ready (or the queue was suspended). */
  public Optional<QueuedItem> take() {
    List<QueuedItem> taken = take(1);
    return taken.isEmpty() ? Optional.empty() : Optional.of(taken.get(0));
  }

  /**
   * Up to {@code max} ready items, marked active, with the start of their attempt on stable storage (a crash
   * from then on counts toward the poison threshold); empty when none is ready.
   */
  public List<QueuedItem> take(int max) {
    List<QueuedItem> taken = new ArrayList<>();
    synchronized (manager) {
      Instant now = manager.clock.instant();
      if (manager.closed || q.suspended || q.waitingForRetry(now)) {
        return List.of();
      }
      for (QueuedItem item : q.items) {
        if (taken.size() == max) {
          break;
        }
        if (item.ready(now, manager.settings.queue().messageRetryInterval())) {
          item.active = true;
          held.add(item);
          taken.add(item);
        }
      }
    }
    if (taken.isEmpty()) {
      return List.of();
    }
    try {
      manager.spool.beginAttempt(taken.stream().map(i -> i.id).toList()).get();
      return taken;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      LOG.warn("the start of a delivery attempt could not be recorded; {} messages wait: {}", taken.size(),
          e.getCause().toString());
    }
    synchronized (manager) {
      for (QueuedItem item : taken) {
        item.notBefore = manager.clock.instant().plus(manager.settings.queue().messageRetryInterval());
        release(item);
      }
    }
    return List.of();
  }

  /** The item's decision routed afresh (new liveness orders the hosts), when it still goes to this queue. */
  public RoutingDecision currentDecision(QueuedItem item) {
    synchronized (manager) {
      // Each session starts one step further round the balancer's rotation, so sessions spread over the
      // connector's source servers (and smart hosts) while each one reuses its connection.
      RoutingDecision now = manager.resolve(manager.routing(), item, new BalanceContext(manager.clock.instant(), q.rotation++));
      if (now.nextHop().equals(q.hop) && manager.movesMail(now)) {
        item.decision = now;
      }
      return item.decision;
    }
  }

  /** The snapshot in use, for the relays' registered endpoints. */
  public Optional<DirectorySnapshot> snapshot() {
    return manager.snapshots.get();
  }

  /** A connection to a host of the next hop is open: the queue is Active and its failure count starts over. */
  public void connected() {
    synchronized (manager) {
      q.connected++;
      q.failures = 0;
      q.nextRetry = Optional.empty();
      q.lastRetry = Optional.of(manager.clock.instant());
    }
  }

  /** The connection {@link #connected} announced is manager.closed. */
  public void disconnected() {
    synchronized (manager) {
      q.connected--;
    }
  }

  /**
   * No host of the next hop could be reached for {@code item}: it goes back untouched, and the queue
   * waits for its next retry ({@link RetrySchedule}).
   */
  public void unreachable(QueuedItem item, String reason) {
    synchronized (manager) {
      release(item);
      Instant now = manager.clock.instant();
      q.failures++;
      Duration wait = manager.schedule.afterFailure(q.failures);
      q.nextRetry = Optional.of(now.plus(wait));
      q.lastRetry = Optional.of(now);
      q.lastError = Optional.of(reason);
      item.lastError = Optional.of(reason);
      manager.events.deferred(item.envelope, q.hop.connector(), "", item.addresses(), reason);
      LOG.info("queue {} cannot reach {} ({}); retry {} of the manager.schedule in {}", q.identity, q.hop.domain(), reason,
          q.failures, wait);
      manager.timer.schedule(manager::wake, wait.toMillis(), TimeUnit.MILLISECONDS);
      manager.checkAge(item, now);
    }
  }

  /** {@code item} goes back to its queue as it was (the session ends before trying it). */
  public void giveBack(QueuedItem item) {
    synchronized (manager) {
      release(item);
    }
  }

  /**
   * What the next hop {@code host} answered for each recipient of {@code item}: 2xx delivered, 5xx failed
   * (a DSN), 4xx tried again after MessageRetryInterval.
   */
  public void outcome(QueuedItem item, String host, Map<String, SmtpClient.Reply> replies) {
    synchronized (manager) {
      release(item);
      Instant now = manager.clock.instant();
      List<Recipient> delivered = new ArrayList<>();
      Map<String, List<Recipient>> failedByReply = new LinkedHashMap<>();
      List<Recipient> deferred = new ArrayList<>();
      String lastDeferral = null;
      for (Recipient r : item.recipients) {
        SmtpClient.Reply reply = replies.getOrDefault(r.address(), new SmtpClient.Reply(451, "4.3.0 no reply for this recipient"));
        if (reply.code() >= 200 && reply.code() < 300) {
          delivered.add(r);
        } else if (reply.code() >= 500) {
          failedByReply.computeIfAbsent(reply.code() + " " + reply.text(), k -> new ArrayList<>()).add(r);
        } else {
          deferred.add(r);
          lastDeferral = reply.code() + " " + reply.text();
        }
      }
      if (!delivered.isEmpty()) {
        SmtpClient.Reply first = replies.get(delivered.get(0).address());
        manager.events.delivered(item.envelope, q.hop.connector(), q.hop.type(), host,
            delivered.stream().map(Recipient::address).toList(), first.code() + " " + first.text(),
            Duration.between(item.envelope.receivedAt(), now));
        manager.settle(item, delivered);
      }
      failedByReply.forEach((reply, recipients) -> manager.settleFailed(item.id, item.envelope, recipients,
          q.hop.connector(), host, manager.statusOf(reply), reply, Optional.of(host)));
      item.recipients.removeAll(failedByReply.values().stream().flatMap(List::stream).toList());
      if (!deferred.isEmpty()) {
        item.attempts++;
        item.notBefore = now.plus(manager.settings.queue().messageRetryInterval());
        item.lastError = Optional.of(lastDeferral);
        q.lastError = item.lastError;
        manager.events.deferred(item.envelope, q.hop.connector(), host, deferred.stream().map(Recipient::address).toList(),
            lastDeferral);
        manager.timer.schedule(manager::wake, manager.settings.queue().messageRetryInterval().toMillis(),
            TimeUnit.MILLISECONDS);
        manager.checkAge(item, now);
      }
      manager.dropIfDone(item);
    }
  }

  /** Every recipient of {@code item} is delivered (a drop directory took it). */
  public void delivered(QueuedItem item, String where) {
    outcome(item, where, item.recipients.stream().collect(java.util.stream.Collectors.toMap(Recipient::address,
        r -> new SmtpClient.Reply(250, "2.0.0 placed in " + where))));
  }

  /** Every recipient of {@code item} fails for good with {@code status} (a null MX, no such domain). */
  public void failed(QueuedItem item, String status, String reason) {
    synchronized (manager) {
      release(item);
      manager.settleFailed(item.id, item.envelope, List.copyOf(item.recipients), q.hop.connector(), "", status, reason,
          Optional.empty());
      item.recipients.clear();
      manager.dropIfDone(item);
    }
  }

  /** The message content to send for {@code item}, empty when it left the manager.spool meanwhile. */
  public Optional<SpooledMessage> read(QueuedItem item) {
    try {
      return manager.spool.read(item.id);
    } catch (RuntimeException e) {
      LOG.error("cannot read spooled message {} to send it", item.id, e);
      return Optional.empty();
    }
  }

  void release(QueuedItem item) {
    if (held.remove(item)) {
      manager.spool.endAttempt(List.of(item.id));
    }
    item.active = false;
  }
}
