package dev.sluice.node.delivery;

import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.node.config.NodeConfig;
import dev.sluice.node.delivery.queue.MessageInfo;
import dev.sluice.node.delivery.queue.MessageStatus;
import dev.sluice.node.delivery.queue.QueueAdmin;
import dev.sluice.node.delivery.queue.QueueInfo;
import dev.sluice.node.spool.Envelope;
import dev.sluice.node.spool.Recipient;
import dev.sluice.node.spool.Spool;
import dev.sluice.node.spool.SpoolId;
import dev.sluice.node.spool.SpooledMessage;
import dev.sluice.routing.RoutingTable;
import dev.sluice.routing.balance.BalanceContext;
import dev.sluice.routing.decision.NextHop;
import dev.sluice.routing.decision.NextHopType;
import dev.sluice.routing.decision.RoutingDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's queues: every stored message is routed, recipient by recipient, and its recipients are split
 * over one queue per next hop (delayed fan-out, {@link Categorizer}); recipients without a route wait in the
 * Unreachable queue until the directory changes; queues deliver through {@link DeliverySession}s, retry on
 * Exchange 2007's schedule ({@link RetrySchedule}) when their next hop cannot be reached, and hold a
 * message that got a 4xx for MessageRetryInterval. A message leaves the spool when its last recipient is
 * settled: delivered, or failed with a DSN handed to {@link Bounces}. Messages that wait longer than
 * DelayNotificationTimeout are reported as delayed once; after MessageExpirationTimeout they fail (4.4.7).
 *
 * <p>Thread-safe: one lock guards every queue and item; routing, sessions' bookkeeping and the operator's
 * verbs take it briefly, while DNS lookups and SMTP conversations run on the session executor outside it.
 * A timer ({@code sluice-delivery}) wakes queues whose retry time has come and sweeps for delays and
 * expiry once a second. Nothing here ever drops a message: what cannot be read or routed stays in the spool
 * and is tried again.
 */
public final class QueueManager implements QueueAdmin, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueueManager.class);
  private static final Duration SWEEP = Duration.ofSeconds(1);

  /** What a manager needs besides its collaborators. */
  public record Settings(String localServer, NodeConfig.Queue queue, int poisonThreshold) {
    public Settings {
      Objects.requireNonNull(localServer, "local server");
      Objects.requireNonNull(queue, "queue settings");
      if (poisonThreshold < 1) {
        throw new IllegalArgumentException("the poison threshold is at least 1, not " + poisonThreshold);
      }
    }
  }

  /** What the manager holds of one message: the recipients not yet settled. */
  private static final class Pending {
    final Set<String> open = new HashSet<>();
    int items;
  }

  private record Table(DirectorySnapshot snapshot, RoutingTable routing) {}

  final Settings settings;
  final Spool spool;
  final Supplier<Optional<DirectorySnapshot>> snapshots;
  final Clock clock;
  final ScheduledExecutorService timer;
  private final ExecutorService sessionExecutor;
  private final DeliverySession.Factory sessions;
  private final Bounces bounces;
  final DeliveryEvents events;
  final RetrySchedule schedule;

  private final Map<NextHop, NextHopQueue> queues = new LinkedHashMap<>();
  private final NextHopQueue unreachable;
  private final NextHopQueue poison;
  private final Map<SpoolId, Pending> pending = new HashMap<>();
  private Table table;
  private long queueNumbers;
  boolean closed;

  public QueueManager(Settings settings, Spool spool, Supplier<Optional<DirectorySnapshot>> snapshots, Clock clock,
      ScheduledExecutorService timer, ExecutorService sessionExecutor, DeliverySession.Factory sessions,
      Bounces bounces, DeliveryEvents events) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.spool = Objects.requireNonNull(spool, "spool");
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timer = Objects.requireNonNull(timer, "timer");
    this.sessionExecutor = Objects.requireNonNull(sessionExecutor, "session executor");
    this.sessions = Objects.requireNonNull(sessions, "session factory");
    this.bounces = Objects.requireNonNull(bounces, "bounces");
    this.events = Objects.requireNonNull(events, "events");
    this.schedule = RetrySchedule.of(settings.queue());
    this.unreachable = new NextHopQueue(settings.localServer() + "\\Unreachable", NextHopQueue.Kind.UNREACHABLE,
        NextHop.UNREACHABLE);
    this.poison = new NextHopQueue(settings.localServer() + "\\Poison", NextHopQueue.Kind.POISON,
        new NextHop(NextHopType.UNREACHABLE, "Poison", ""));
    this.poison.suspended = true;
  }

  /** Takes every message already in the spool (a restart), and starts the sweep. */
  public void start() {
    timer.scheduleWithFixedDelay(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    spool.ids().forEach(this::submit);
  }

  /** A message was stored: route it and queue its recipients. Never blocks the caller. */
  public void submit(SpoolId id) {
    later(() -> admit(id));
  }

  /** Runs {@code task} on the timer; once delivery is closed there is nothing to do (the spool keeps the mail). */
  private void later(Runnable task) {
    try {
      timer.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      LOG.debug("delivery is closed; the spool keeps what it holds for the next start");
    }
  }

  /** The directory changed: Unreachable recipients, and queues whose next hop changed, are routed again. */
  public void directoryChanged() {
    later(this::reroute);
  }

  /** How many messages the queues hold (a message split over several next hops counts once). */
  public synchronized int messageCount() {
    return pending.size();
  }

  /** By connector and delivery type, the items queued: {@code sluice_queue_messages}. */
  public synchronized Map<List<String>, Integer> depths() {
    Map<List<String>, Integer> depths = new LinkedHashMap<>();
    for (NextHopQueue q : allQueues()) {
      List<String> key = List.of(q.hop.connector(), q.info(clock.instant()).deliveryType());
      depths.merge(key, q.items.size(), Integer::sum);
    }
    return depths;
  }

  // ---- routing ----

  private void admit(SpoolId id) {
    Optional<SpooledMessage> read;
    try {
      read = spool.read(id);
    } catch (RuntimeException e) {
      LOG.error("cannot read spooled message {}; it stays in the spool and is not delivered", id, e);
      return;
    }
    if (read.isEmpty()) {
      return;
    }
    SpooledMessage message = read.get();
    List<Recipient> remaining = message.remaining();
    if (remaining.isEmpty()) {
      // Every recipient was settled before a restart; only the removal was lost.
      spool.remove(id);
      return;
    }
    synchronized (this) {
      if (closed || pending.containsKey(id)) {
        return;
      }
      if (message.crashCount() >= settings.poisonThreshold()) {
        holdAsPoison(message, message.crashCount());
        LOG.warn("message {} was being delivered when the node stopped {} times: it is held in the Poison queue"
            + " (resume-queue {} releases it)", message.envelope().messageId(), message.crashCount(), poison.identity);
        return;
      }
      Pending p = new Pending();
      remaining.forEach(r -> p.open.add(r.address()));
      pending.put(id, p);
      place(id, message.envelope(), message.content().remaining(), remaining);
      pump();
    }
  }

  /** Routes {@code recipients} of a message and queues them by next hop. Holds the lock. */
  private void place(SpoolId id, Envelope envelope, long size, List<Recipient> recipients) {
    Map<String, Recipient> byAddress = new LinkedHashMap<>();
    recipients.forEach(r -> byAddress.put(r.address(), r));
    RoutingTable routing = routing();
    // A message received on a Receive connector linked to a Send connector leaves through that one.
    Optional<String> linked = envelope.receiveConnector().isEmpty() ? Optional.empty()
        : routing.linkedSendConnector(settings.localServer(), envelope.receiveConnector());
    for (Categorizer.Route route : Categorizer.split(routing, settings.localServer(), recipients, size, linked)) {
      List<Recipient> routed = route.recipients().stream().map(byAddress::get).toList();
      RoutingDecision decision = route.decision();
      if (decision instanceof RoutingDecision.Failed failed) {
        settleFailed(id, envelope, routed, "", "", failed.status().toString(), failed.reason(), Optional.empty());
        continue;
      }
      NextHopQueue q = movesMail(decision) ? queueFor(route.nextHop()) : unreachable;
      QueuedItem item = new QueuedItem(id, envelope, size, decision, routed);
      if (!movesMail(decision)) {
        item.lastError = Optional.of(reasonOf(decision));
      }
      add(q, item);
    }
  }

  /** {@code item}'s first recipient routed afresh, through its linked Send connector when it has one. */
  RoutingDecision resolve(RoutingTable routing, QueuedItem item) {
    return resolve(routing, item, BalanceContext.INITIAL);
  }

  RoutingDecision resolve(RoutingTable routing, QueuedItem item, BalanceContext balance) {
    String recipient = item.recipients.get(0).address();
    Optional<String> linked = item.envelope.receiveConnector().isEmpty() ? Optional.empty()
        : routing.linkedSendConnector(settings.localServer(), item.envelope.receiveConnector());
    return linked.isPresent()
        ? routing.resolveThrough(settings.localServer(), linked.get(), recipient, item.size, balance)
        : routing.resolve(settings.localServer(), recipient, item.size, balance);
  }

  static boolean movesMail(RoutingDecision decision) {
    return decision instanceof RoutingDecision.Deliver || decision instanceof RoutingDecision.RelayToSourceServers
        || decision instanceof RoutingDecision.RelayToSite;
  }

  private static String reasonOf(RoutingDecision decision) {
    if (decision instanceof RoutingDecision.Unreachable u) {
      return u.reason();
    }
    if (decision instanceof RoutingDecision.Deferred d) {
      return d.reason();
    }
    return decision.toString();
  }

  private void add(NextHopQueue q, QueuedItem item) {
    item.queue = q;
    q.items.add(item);
    Pending p = pending.get(item.id);
    if (p != null) {
      p.items++;
    }
  }

  private void removeItem(QueuedItem item) {
    item.queue.items.remove(item);
    Pending p = pending.get(item.id);
    if (p != null) {
      p.items--;
    }
  }

  private NextHopQueue queueFor(NextHop hop) {
    return queues.computeIfAbsent(hop, h -> new NextHopQueue(settings.localServer() + "\\" + (++queueNumbers),
        NextHopQueue.Kind.NEXT_HOP, h));
  }

  /** The routing table of the snapshot in use, built once per snapshot; deferred before the first one. */
  RoutingTable routing() {
    Optional<DirectorySnapshot> snapshot = snapshots.get();
    if (snapshot.isEmpty()) {
      return RoutingTable.deferred("the directory has not loaded yet");
    }
    if (table == null || table.snapshot() != snapshot.get()) {
      table = new Table(snapshot.get(), RoutingTable.build(snapshot.get().config(), snapshot.get().liveness()));
    }
    return table.routing();
  }

  private synchronized void reroute() {
    if (closed) {
      return;
    }
    RoutingTable routing = routing();
    List<QueuedItem> again = new ArrayList<>();
    for (QueuedItem item : List.copyOf(unreachable.items)) {
      again.add(item);
    }
    for (NextHopQueue q : List.copyOf(queues.values())) {
      QueuedItem first = q.items.stream().filter(i -> !i.active).findFirst().orElse(null);
      if (first == null) {
        continue;
      }
      RoutingDecision now = resolve(routing, first);
      if (!q.hop.equals(now.nextHop()) || !movesMail(now)) {
        // The connector went, was disabled, or this server left its source servers: route the queue again.
        q.items.stream().filter(i -> !i.active).forEach(again::add);
      }
    }
    for (QueuedItem item : again) {
      removeItem(item);
      place(item.id, item.envelope, item.size, item.recipients);
    }
    pump();
  }

  // ---- sessions ----

  /** Starts sessions where queues may deliver. Holds the lock. */
  private void pump() {
    if (closed) {
      return;
    }
    Instant now = clock.instant();
    for (NextHopQueue q : List.copyOf(queues.values())) {
      if (q.items.isEmpty() && q.sessions == 0 && !q.suspended) {
        queues.remove(q.hop);
        continue;
      }
      if (q.suspended || q.waitingForRetry(now)) {
        continue;
      }
      int limit = settings.queue().maxPerDomainConnections();
      // Ready items sit at the front of a busy queue: counting stops once there are enough for every session.
      long ready = q.items.stream().filter(i -> i.ready(now, settings.queue().messageRetryInterval())).limit(limit).count();
      while (q.sessions < limit && ready > q.sessions) {
        q.sessions++;
        DeliverySession session = sessions.create(q.hop.type());
        sessionExecutor.execute(() -> run(session, q));
      }
    }
  }

  private void run(DeliverySession session, NextHopQueue q) {
    Lease lease = new Lease(this, q);
    try {
      session.run(lease);
    } catch (RuntimeException e) {
      LOG.error("a delivery session of queue {} failed; its messages are tried again", q.identity, e);
    } finally {
      synchronized (this) {
        // What a failed session still held goes back untouched.
        List.copyOf(lease.held).forEach(lease::release);
        q.sessions--;
        pump();
      }
    }
  }


  static String statusOf(String reply) {
    String[] words = reply.split(" ", 3);
    if (words.length > 1 && words[1].matches("[245]\\.\\d{1,3}\\.\\d{1,3}")) {
      return words[1];
    }
    return reply.startsWith("4") ? "4.0.0" : "5.0.0";
  }

  // ---- settling ----

  /** {@code recipients} of {@code item} are done (delivered): they leave it and, once all are, the spool. */
  void settle(QueuedItem item, List<Recipient> recipients) {
    item.recipients.removeAll(recipients);
    closeRecipients(item.id, recipients);
  }

  void settleFailed(SpoolId id, Envelope envelope, List<Recipient> recipients, String connector, String host,
      String status, String reason, Optional<String> remoteMta) {
    events.failed(envelope, connector, host, recipients.stream().map(Recipient::address).toList(), status, reason);
    bounces.report(id, envelope, recipients.stream()
        .map(r -> new Bounces.Outcome(r, Bounces.Outcome.Kind.FAILED, status, reason, remoteMta)).toList());
    closeRecipients(id, recipients);
  }

  /** The recipients are settled: durably so, so that a restart does not deliver them again. */
  private void closeRecipients(SpoolId id, List<Recipient> recipients) {
    Pending p = pending.get(id);
    if (p == null || recipients.isEmpty()) {
      return;
    }
    recipients.forEach(r -> p.open.remove(r.address()));
    spool.complete(id, recipients.stream().map(Recipient::address).toList()).whenComplete((ok, failure) -> {
      if (failure != null) {
        LOG.warn("the completion of {} recipients of {} could not be recorded; they are delivered again after a"
            + " restart", recipients.size(), id, failure);
      }
    });
  }

  void dropIfDone(QueuedItem item) {
    if (!item.recipients.isEmpty()) {
      return;
    }
    removeItem(item);
    Pending p = pending.get(item.id);
    if (p != null && p.open.isEmpty() && p.items <= 0) {
      pending.remove(item.id);
      spool.remove(item.id).whenComplete((ok, failure) -> {
        if (failure != null) {
          LOG.warn("message {} was delivered but its removal from the spool failed; it is delivered again after"
              + " a restart", item.id, failure);
        }
      });
    }
  }

  /** Reports a delay once after DelayNotificationTimeout; fails what is left after MessageExpirationTimeout. */
  void checkAge(QueuedItem item, Instant now) {
    if (item.active || item.recipients.isEmpty()) {
      return;
    }
    Duration age = Duration.between(item.envelope.receivedAt(), now);
    if (age.compareTo(settings.queue().messageExpirationTimeout()) >= 0) {
      String reason = "the message expired after "
          + dev.sluice.routing.model.TimeSpan.print(settings.queue().messageExpirationTimeout()) + " in the queue"
          + item.lastError.map(e -> "; the last error was: " + e).orElse("");
      settleFailed(item.id, item.envelope, List.copyOf(item.recipients), item.queue.hop.connector(), "", "4.4.7", reason,
          Optional.empty());
      item.recipients.clear();
      dropIfDone(item);
      return;
    }
    if (!item.delayReported && age.compareTo(settings.queue().delayNotificationTimeout()) >= 0) {
      item.delayReported = true;
      String reason = item.lastError.orElse("the next hop has not taken it yet");
      bounces.report(item.id, item.envelope, item.recipients.stream()
          .map(r -> new Bounces.Outcome(r, Bounces.Outcome.Kind.DELAYED, "4.4.7", reason, Optional.empty())).toList());
    }
  }

  void wake() {
    synchronized (this) {
      pump();
    }
  }

  private void sweep() {
    synchronized (this) {
      if (closed) {
        return;
      }
      Instant now = clock.instant();
      for (NextHopQueue q : allQueues()) {
        if (q.kind == NextHopQueue.Kind.POISON) {
          continue;
        }
        for (QueuedItem item : List.copyOf(q.items)) {
          checkAge(item, now);
        }
      }
      pump();
    }
  }

  private List<NextHopQueue> allQueues() {
    List<NextHopQueue> all = new ArrayList<>(queues.values());
    all.add(unreachable);
    all.add(poison);
    return all;
  }

  // ---- the operator's view ----

  @Override
  public synchronized List<QueueInfo> queues() {
    Instant now = clock.instant();
    return allQueues().stream().map(q -> q.info(now)).toList();
  }

  @Override
  public synchronized List<MessageInfo> messages(Optional<String> queueIdentity) throws UnknownQueueException {
    Instant now = clock.instant();
    List<NextHopQueue> chosen = queueIdentity.isEmpty() ? allQueues() : List.of(find(queueIdentity.get()));
    List<MessageInfo> infos = new ArrayList<>();
    for (NextHopQueue q : chosen) {
      for (QueuedItem item : q.items) {
        MessageStatus status = item.active ? MessageStatus.ACTIVE
            : q.suspended ? MessageStatus.SUSPENDED
            : q.waitingForRetry(now) || item.notBefore.isAfter(now) || q.kind == NextHopQueue.Kind.UNREACHABLE
                ? MessageStatus.RETRY : MessageStatus.READY;
        infos.add(new MessageInfo(q.identity + "\\" + item.id.value(), item.envelope.messageId(),
            item.envelope.sender(), item.size, status, q.identity, item.envelope.receivedAt(), item.addresses(),
            item.attempts, item.lastError));
      }
    }
    return infos;
  }

  @Override
  public synchronized QueueInfo retry(String queueIdentity) throws UnknownQueueException {
    NextHopQueue q = find(queueIdentity);
    if (q.kind == NextHopQueue.Kind.UNREACHABLE) {
      timer.execute(this::reroute);
    }
    q.nextRetry = Optional.empty();
    Instant now = clock.instant();
    q.items.forEach(i -> i.notBefore = now);
    pump();
    return q.info(now);
  }

  @Override
  public synchronized QueueInfo suspend(String queueIdentity) throws UnknownQueueException {
    NextHopQueue q = find(queueIdentity);
    q.suspended = true;
    return q.info(clock.instant());
  }

  @Override
  public synchronized QueueInfo resume(String queueIdentity) throws UnknownQueueException {
    NextHopQueue q = find(queueIdentity);
    if (q.kind == NextHopQueue.Kind.POISON) {
      // A poison message an operator releases is routed like a new one.
      for (QueuedItem item : List.copyOf(q.items)) {
        removeItem(item);
        place(item.id, item.envelope, item.size, item.recipients);
      }
      pump();
      return q.info(clock.instant());
    }
    q.suspended = false;
    pump();
    return q.info(clock.instant());
  }

  private NextHopQueue find(String identity) throws UnknownQueueException {
    String wanted = identity.contains("\\") ? identity : settings.localServer() + "\\" + identity;
    for (NextHopQueue q : allQueues()) {
      if (q.identity.equalsIgnoreCase(wanted)) {
        return q;
      }
    }
    throw new UnknownQueueException(identity);
  }

  /** Sets a spooled message aside in the Poison queue (it was in flight in {@code crashes} crashes). */
  private void holdAsPoison(SpooledMessage message, int crashes) {
    synchronized (this) {
      Pending p = new Pending();
      // Only the recipients still open: those completed before the crashes must not be delivered again.
      message.remaining().forEach(r -> p.open.add(r.address()));
      pending.put(message.id(), p);
      QueuedItem item = new QueuedItem(message.id(), message.envelope(), message.content().remaining(),
          new RoutingDecision.Deferred("poison"), message.remaining());
      item.lastError = Optional.of("the node stopped " + crashes + " times while this message was being delivered");
      add(poison, item);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
  }
}
