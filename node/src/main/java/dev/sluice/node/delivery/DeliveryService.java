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
import java.util.HashSet;
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
 * or the spool's writer. The routing table is built once per directory snapshot. What is delivered is
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
    worker.execute(() -> process(id));
  }

  /** The directory changed: messages that waited for it are routed again. */
  public void directoryChanged() {
    List<SpoolId> again = List.copyOf(waiting);
    waiting.removeAll(again);
    again.forEach(this::submit);
  }

  /** How many messages wait for a change of the directory (or for delivery that does not exist yet). */
  public int waitingCount() {
    return waiting.size();
  }

  private void process(SpoolId id) {
    Optional<SpooledMessage> read;
    try {
      read = spool.read(id);
    } catch (RuntimeException e) {
      LOG.error("cannot read spooled message {}; it stays in the spool", id, e);
      return;
    }
    if (read.isEmpty()) {
      delivered.remove(id);
      return;
    }
    SpooledMessage message = read.get();
    RoutingTable routing = routing();
    Set<String> done = delivered.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet());
    List<dev.sluice.node.spool.Recipient> pending = message.envelope().recipients().stream()
        .filter(r -> !done.contains(r.address())).toList();
    boolean waits = false;
    for (Categorizer.Route route : Categorizer.split(routing, localServer, pending, message.content().remaining())) {
      if (route.decision() instanceof RoutingDecision.Deliver deliver
          && deliver.target() instanceof RoutingDecision.DeliveryTarget.DropDirectory drop) {
        try {
          Path file = new DropDirectory(Path.of(drop.path())).deliver(message.envelope().messageId(), message.content());
          done.addAll(route.recipients());
          LOG.debug("message {} delivered to {} for {}", message.envelope().messageId(), file, route.recipients());
        } catch (IOException e) {
          LOG.warn("message {} could not go to drop directory {}, retried in {}: {}", message.envelope().messageId(),
              drop.path(), retryInterval, e.getMessage());
          worker.schedule(() -> process(id), retryInterval.toMillis(), TimeUnit.MILLISECONDS);
          return;
        }
      } else {
        waits = true;
      }
    }
    if (waits) {
      waiting.add(id);
      return;
    }
    Set<String> all = new HashSet<>();
    message.envelope().recipients().forEach(r -> all.add(r.address()));
    if (done.containsAll(all)) {
      delivered.remove(id);
      spool.remove(id).whenComplete((ok, failure) -> {
        if (failure != null) {
          LOG.warn("message {} was delivered but its removal from the spool failed; it is delivered again after a"
              + " restart", id, failure);
        }
      });
    }
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
