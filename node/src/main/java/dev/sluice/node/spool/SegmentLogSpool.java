package dev.sluice.node.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool as an append-only log of checksummed records in segment files under spool.dir, with
 * group commit: one sync makes a whole batch of concurrent sessions' messages durable.
 *
 * <p>{@link #open} recovers the messages of the last run ({@link Recovery}) and starts the writer
 * thread {@code sluice-spool-writer}; the index of live messages is in memory (with the recipients
 * completed and the crash count of each) and reads of content go to the files. Thread-safe. The
 * state is STARTED from {@code open} until {@link #close}, which is idempotent, writes and syncs
 * what is queued, and refuses what comes after. Failure behaviour: see {@link Spool} and
 * {@link SpoolState}.
 */
public final class SegmentLogSpool implements Spool {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentLogSpool.class);

  private final SegmentFiles files;
  private final ConcurrentSkipListMap<Long, LiveMessage> index;
  private final SpoolHealth health;
  private final Tally tally = new Tally();
  private final SpoolWriter writer;
  private final Thread writerThread;
  private final ScheduledFuture<?> probe;
  private final Clock clock;
  private final AtomicLong lastId;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Held shared to enqueue, exclusively to close, so that nothing is enqueued behind the close. */
  private final ReadWriteLock enqueue = new ReentrantReadWriteLock();

  private SegmentLogSpool(SpoolConfig config, Syncer syncer, Clock clock, ScheduledExecutorService scheduler,
      Executor completions) throws IOException {
    this.clock = clock;
    this.files = new SegmentFiles(config.directory(), syncer);
    this.index = new ConcurrentSkipListMap<>();
    Segment active;
    long largest;
    try {
      List<Segment> existing = files.openExisting();
      largest = new Recovery(files, syncer, index).run(existing);
      active = files.createNext();
      tally.segmentsDeleted.addAndGet(files.deleteDisposable(existing, active));
    } catch (IOException | RuntimeException e) {
      files.closeAll();
      throw e;
    }
    this.lastId = new AtomicLong(largest);
    this.health = new SpoolHealth(config.minFreeSpace(), files.usableSpace(), clock);
    this.writer = new SpoolWriter(files, active, index, health, tally, syncer, config, completions);
    this.writerThread = new Thread(writer, "sluice-spool-writer");
    writerThread.setDaemon(true);
    writerThread.start();
    long every = config.probeInterval().toMillis();
    this.probe = scheduler.scheduleWithFixedDelay(() -> health.probe(files), every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Opens the spool in {@code config.directory()}, creating it if need be, and recovers every
   * message of the last run.
   *
   * @param syncer makes writes durable ({@link Syncer#FORCE} in production)
   * @param clock gives spool ids their time
   * @param scheduler runs the free-space probe every {@link SpoolConfig#probeInterval()}
   * @param completions completes the futures of {@link #store}, {@link #remove}, {@link #complete}
   *     and {@link #beginAttempt}
   * @throws IOException when the directory cannot be created or read
   */
  public static SegmentLogSpool open(SpoolConfig config, Syncer syncer, Clock clock, ScheduledExecutorService scheduler,
      Executor completions) throws IOException {
    return new SegmentLogSpool(config, syncer, clock, scheduler, completions);
  }

  @Override
  public CompletableFuture<SpoolId> store(Envelope envelope, ByteBuffer content) {
    CompletableFuture<SpoolId> done = new CompletableFuture<>();
    ByteBuffer record;
    long id = nextId();
    try {
      record = RecordCodec.put(id, EnvelopeCodec.encode(envelope), content);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    enqueue.readLock().lock();
    try {
      SpoolState state = health.state();
      if (!state.accepting()) {
        tally.refused.incrementAndGet();
        done.completeExceptionally(new SpoolUnavailableException(state, null));
      } else {
        writer.submit(new SpoolWriter.Put(id, record, done));
      }
    } finally {
      enqueue.readLock().unlock();
    }
    return done;
  }

  @Override
  public CompletableFuture<Void> remove(SpoolId id) {
    return unlessClosed(done -> {
      LiveMessage message = index.remove(id.value());
      if (message == null) {
        done.complete(null);
      } else {
        writer.submit(new SpoolWriter.Del(message, done));
      }
    });
  }

  @Override
  public CompletableFuture<Void> complete(SpoolId id, Collection<String> recipients) {
    Set<String> addresses = Set.copyOf(recipients);
    return unlessClosed(done -> {
      LiveMessage message = index.get(id.value());
      if (message == null || message.completed().containsAll(addresses)) {
        done.complete(null);
      } else {
        writer.submit(new SpoolWriter.Done(message, addresses, done));
      }
    });
  }

  @Override
  public CompletableFuture<Void> beginAttempt(Collection<SpoolId> ids) {
    List<LiveMessage> messages = live(ids);
    return unlessClosed(done -> {
      if (messages.isEmpty()) {
        done.complete(null);
      } else {
        writer.submit(new SpoolWriter.Begin(messages, done));
      }
    });
  }

  @Override
  public void endAttempt(Collection<SpoolId> ids) {
    List<LiveMessage> messages = live(ids);
    if (!messages.isEmpty()) {
      // After the close there is nothing to end: the next open counts the attempt as a crash.
      unlessClosed(done -> writer.submit(new SpoolWriter.End(messages)));
    }
  }

  private List<LiveMessage> live(Collection<SpoolId> ids) {
    List<LiveMessage> messages = new ArrayList<>(ids.size());
    for (SpoolId id : ids) {
      LiveMessage message = index.get(id.value());
      if (message != null) {
        messages.add(message);
      }
    }
    return messages;
  }

  /** Runs {@code action} with a fresh future, unless the spool is closed: then the future fails. */
  private CompletableFuture<Void> unlessClosed(Consumer<CompletableFuture<Void>> action) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    enqueue.readLock().lock();
    try {
      if (closed.get()) {
        done.completeExceptionally(new SpoolUnavailableException(health.state(), null));
      } else {
        action.accept(done);
      }
    } finally {
      enqueue.readLock().unlock();
    }
    return done;
  }

  @Override
  public Optional<SpooledMessage> read(SpoolId id) {
    LiveMessage message = index.get(id.value());
    if (message == null) {
      return Optional.empty();
    }
    Location location = message.put;
    ByteBuffer record = ByteBuffer.allocate(location.length());
    try {
      while (record.hasRemaining()) {
        int read = location.segment().channel.read(record, location.offset() + record.position());
        if (read < 0) {
          throw new SpoolCorruptionException("spool record " + id + " in " + location.segment()
              + " ends early, at byte " + (location.offset() + record.position()));
        }
      }
    } catch (ClosedChannelException e) {
      if (!index.containsKey(id.value())) {
        return Optional.empty();
      }
      throw new UncheckedIOException("spool segment " + location.segment() + " is closed", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read spool record " + id + " from " + location.segment(), e);
    }
    RecordCodec.Scan scan = RecordCodec.scan(record.flip(), 0);
    if (!(scan instanceof RecordCodec.Valid valid) || valid.frame().id() != id.value()
        || valid.frame().type() != RecordCodec.PUT) {
      LOG.error("spool record {} in {} at offset {} no longer matches its checksum", id, location.segment(),
          location.offset());
      throw new SpoolCorruptionException("spool record " + id + " in " + location.segment() + " at offset "
          + location.offset() + " is damaged: " + scan);
    }
    return Optional.of(RecordCodec.message(id, record, message.completed(), message.crashCount()));
  }

  @Override
  public List<SpoolId> ids() {
    return index.keySet().stream().map(SpoolId::new).toList();
  }

  @Override
  public SpoolState state() {
    return health.state();
  }

  @Override
  public SpoolCounters counters() {
    return tally.snapshot();
  }

  @Override
  public void close() {
    enqueue.writeLock().lock();
    try {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      health.closed();
      writer.submit(new SpoolWriter.Close());
    } finally {
      enqueue.writeLock().unlock();
    }
    probe.cancel(false);
    try {
      writerThread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writerThread.isAlive()) {
      LOG.error("spool writer is still busy 30 s after close (a sync that does not return?); leaving it");
    }
  }

  private long nextId() {
    long floor = clock.millis() << 12;
    return lastId.updateAndGet(previous -> Math.max(previous + 1, floor));
  }
}
