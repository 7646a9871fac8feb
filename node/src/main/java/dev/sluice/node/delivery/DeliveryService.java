package dev.sluice.node.delivery;

import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.node.spool.Spool;
import dev.sluice.node.spool.SpoolId;
import dev.sluice.node.spool.SpooledMessage;
import dev.sluice.routing.RoutingTable;
import dev.sluice.routing.decision.RoutingDecision;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes messages from the spool to their next hops, as far as delivery exists so far: a recipient whose
 * route ends in a Foreign connector's drop directory is delivered there ({@link DropDirectory}); every other
 * recipient waits, in memory, until the directory changes (Unreachable, no snapshot yet) or until the SMTP
 * client exists (the next step of issue 5). A message leaves the spool once every recipient is delivered.
 *
 * <p>One thread of its own ({@code sluice-delivery}) does the work, so nothing here runs on an event loop
 * or the spool's writer. It takes the stored messages in batches (up to 64), so that each drop directory is
 * synced once per batch: a message counts as delivered only after that sync. The routing table is built
 * once per directory snapshot. What is delivered is
 * remembered in memory only: after a crash a message is delivered again, which a drop directory takes as a
 * replacement of the same file. A write that fails is retried after {@code retryInterval}; nothing is
 * ever lost.
 */
public final class DeliveryService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryService.class);

  private final Spool spool;
  private final String localServer;
  private final Supplier<Optional<DirectorySnapshot>> snapshots;
  private final Duration retryInterval;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "sluice-delivery"));
  /** By message: the recipients delivered so far. */
  private final Map<SpoolId, Set<String>> delivered = new ConcurrentHashMap<>();
  /** Messages with recipients that wait for a change of the directory. */
  private final Set<SpoolId> waiting = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Table> table = new AtomicReference<>();
  private final java.util.Queue<SpoolId> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicBoolean drainScheduled = new java.util.concurrent.atomic.AtomicBoolean();
  private static final int MAX_BATCH = 64;

  /** Recipients of a message placed in a drop directory, delivered once that directory is synced. */
  private record Placed(SpoolId id, List<String> recipients) {}

  private record Table(DirectorySnapshot snapshot, RoutingTable routing) {}

  public DeliveryService(Spool spool, String localServer, Supplier<Optional<DirectorySnapshot>> snapshots,
      Duration retryInterval) {
    this.spool = spool;
    this.localServer = localServer;
    this.snapshots = snapshots;
    this.retryInterval = retryInterval;
  }

  /** Hands every message already in the spool (a restart) to delivery. */
  public void start() {
    spool.ids().forEach(this::submit);
  }

  /** A message was stored: deliver it. */
  public void submit(SpoolId id) {
    pending.add(id);
    if (drainScheduled.compareAndSet(false, true)) {
      worker.execute(this::drain);
    }
  }

  /** Takes up to {@link #MAX_BATCH} messages at a time, so that a drop directory is synced once for them. */
  private void drain() {
    drainScheduled.set(false);
    List<SpoolId> batch = new ArrayList<>();
    for (SpoolId id; batch.size() < MAX_BATCH && (id = pending.poll()) != null; ) {
      batch.add(id);
    }
    if (!batch.isEmpty()) {
      process(batch);
    }
    if (!pending.isEmpty() && drainScheduled.compareAndSet(false, true)) {
      worker.execute(this::drain);
    }
  }

  /** The directory changed: messages that waited for it are routed again. */
  public void directoryChanged() {
    List<SpoolId> again = List.copyOf(waiting);
    waiting.removeAll(again);
    again.forEach(this::submit);
  }

  private void process(List<SpoolId> batch) {
    RoutingTable routing = routing();
    Map<Path, List<Placed>> placed = new java.util.LinkedHashMap<>();
    Set<SpoolId> retry = new LinkedHashSet<>();
    List<SpooledMessage> messages = new ArrayList<>();
    for (SpoolId id : batch) {
      Optional<SpooledMessage> read;
      try {
        read = spool.read(id);
      } catch (RuntimeException e) {
        LOG.error("cannot read spooled message {}; it stays in the spool", id, e);
        continue;
      }
      if (read.isEmpty()) {
        delivered.remove(id);
        continue;
      }
      SpooledMessage message = read.get();
      messages.add(message);
      Set<String> done = delivered.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet());
      List<dev.sluice.node.spool.Recipient> left = message.envelope().recipients().stream()
          .filter(r -> !done.contains(r.address())).toList();
      for (Categorizer.Route route : Categorizer.split(routing, localServer, left, message.content().remaining())) {
        if (route.decision() instanceof RoutingDecision.Deliver deliver
            && deliver.target() instanceof RoutingDecision.DeliveryTarget.DropDirectory drop) {
          Path dir = Path.of(drop.path());
          try {
            new DropDirectory(dir).place(message.envelope().messageId(), message.content());
            placed.computeIfAbsent(dir, d -> new ArrayList<>()).add(new Placed(id, route.recipients()));
          } catch (IOException e) {
            LOG.warn("message {} could not go to drop directory {}, retried in {}: {}",
                message.envelope().messageId(), dir, retryInterval, e.getMessage());
            retry.add(id);
          }
        } else {
          waiting.add(id);
        }
      }
    }
    placed.forEach((dir, placements) -> {
      try {
        new DropDirectory(dir).syncDirectory();
        placements.forEach(p -> delivered.computeIfAbsent(p.id(), k -> ConcurrentHashMap.newKeySet())
            .addAll(p.recipients()));
      } catch (IOException e) {
        LOG.warn("drop directory {} could not be synced, its messages are retried in {}: {}", dir, retryInterval,
            e.getMessage());
        placements.forEach(p -> retry.add(p.id()));
      }
    });
    for (SpooledMessage message : messages) {
      SpoolId id = message.id();
      if (retry.contains(id) || waiting.contains(id)) {
        continue;
      }
      Set<String> done = delivered.getOrDefault(id, Set.of());
      Set<String> all = new HashSet<>();
      message.envelope().recipients().forEach(r -> all.add(r.address()));
      if (done.containsAll(all)) {
        delivered.remove(id);
        spool.remove(id).whenComplete((ok, failure) -> {
          if (failure != null) {
            LOG.warn("message {} was delivered but its removal from the spool failed; it is delivered again after"
                + " a restart", id, failure);
          }
        });
      }
    }
    retry.forEach(id -> worker.schedule(() -> submit(id), retryInterval.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** The routing table of the snapshot in use, built once per snapshot; deferred before the first one. */
  private RoutingTable routing() {
    Optional<DirectorySnapshot> snapshot = snapshots.get();
    if (snapshot.isEmpty()) {
      return RoutingTable.deferred("the directory has not loaded yet");
    }
    Table current = table.get();
    if (current == null || current.snapshot() != snapshot.get()) {
      current = new Table(snapshot.get(), RoutingTable.build(snapshot.get().config(), snapshot.get().liveness()));
      table.set(current);
    }
    return current.routing();
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
