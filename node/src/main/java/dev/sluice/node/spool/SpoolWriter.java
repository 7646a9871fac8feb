package dev.sluice.node.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool's one writer: it drains the queue of pending records, appends them all to the active
 * segment, syncs once for the whole batch, and only then completes their futures (group commit:
 * while one sync runs, the records of other sessions gather for the next).
 *
 * <p>ENDs need no sync of their own (a lost END only counts one crash too many, after a crash that
 * happened anyway): a batch of nothing but ENDs waits for the next batch that syncs, or for the
 * queue to be idle for a probe interval, or for the close.
 *
 * <p>Runs on the thread {@code sluice-spool-writer}; it alone touches the segments' bookkeeping.
 * Futures complete on the completion executor, so that a caller's continuation never holds up the
 * next batch. A failed write or sync fails the batch's PUTs and BEGINs (nothing of them is kept:
 * the segment is truncated back to the last synced byte, or closed for writes when even that
 * fails), keeps its DELs, DONEs and ENDs to retry, and reports the failure to {@link SpoolHealth}.
 */
final class SpoolWriter implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolWriter.class);
  private static final int MAX_BATCH_RECORDS = 4096;
  private static final long MAX_BATCH_BYTES = 16L << 20;

  /** A record waiting for the writer. */
  sealed interface Pending {}

  record Put(long id, ByteBuffer record, CompletableFuture<SpoolId> done) implements Pending {}

  record Del(LiveMessage message, CompletableFuture<Void> done) implements Pending {
    ByteBuffer record() {
      return RecordCodec.del(message.id);
    }
  }

  record Done(LiveMessage message, Set<String> recipients, CompletableFuture<Void> done) implements Pending {}

  record Begin(List<LiveMessage> messages, CompletableFuture<Void> done) implements Pending {}

  record End(List<LiveMessage> messages) implements Pending {}

  record Close() implements Pending {}

  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final List<Pending> retry = new ArrayList<>();
  private final List<Pending> deferredEnds = new ArrayList<>();
  private final SegmentFiles files;
  private final NavigableMap<Long, LiveMessage> index;
  private final SpoolHealth health;
  private final Tally tally;
  private final Syncer syncer;
  private final SpoolConfig config;
  private final Executor completions;
  private Segment active;

  SpoolWriter(SegmentFiles files, Segment active, NavigableMap<Long, LiveMessage> index, SpoolHealth health,
      Tally tally, Syncer syncer, SpoolConfig config, Executor completions) {
    this.files = files;
    this.active = active;
    this.index = index;
    this.health = health;
    this.tally = tally;
    this.syncer = syncer;
    this.config = config;
    this.completions = completions;
  }

  /** How many records the last group commit held: more than one means sessions store concurrently. */
  private int lastBatch;

  void submit(Pending pending) {
    queue.add(pending);
  }

  @Override
  public void run() {
    boolean closing = false;
    while (!closing) {
      List<Pending> drained = new ArrayList<>();
      boolean idle = false;
      try {
        Pending first = queue.poll(config.probeInterval().toMillis(), TimeUnit.MILLISECONDS);
        idle = first == null;
        if (first != null && lastBatch > 1 && !config.commitDelay().isZero()) {
          // Sessions are storing concurrently: a moment's wait lets more of them share the next sync, which
          // costs each of them that moment and saves syncs (and their CPU) when the node is busy.
          java.util.concurrent.locks.LockSupport.parkNanos(config.commitDelay().toNanos());
        }
        long bytes = 0;
        for (Pending next = first; next != null; next = queue.poll()) {
          if (next instanceof Close) {
            closing = true;
            break;
          }
          drained.add(next);
          bytes += next instanceof Put put ? put.record().remaining() : RecordCodec.HEADER + RecordCodec.TRAILER;
          if (drained.size() >= MAX_BATCH_RECORDS || bytes >= MAX_BATCH_BYTES) {
            break;
          }
        }
      } catch (InterruptedException e) {
        closing = true;
      }
      if (!closing && !idle && retry.isEmpty() && drained.stream().allMatch(End.class::isInstance)) {
        deferredEnds.addAll(drained);
        continue;
      }
      lastBatch = drained.size();
      List<Pending> batch = new ArrayList<>(retry);
      batch.addAll(deferredEnds);
      batch.addAll(drained);
      retry.clear();
      deferredEnds.clear();
      if (batch.isEmpty()) {
        continue;
      }
      try {
        write(new Batch(batch));
      } catch (RuntimeException e) {
        LOG.error("spool writer failed on a batch of {} records; they are refused", batch.size(), e);
        fail(batch, e);
      }
    }
    List<Pending> left = new ArrayList<>(retry);
    queue.drainTo(left);
    if (!left.isEmpty()) {
      LOG.warn("spool closed with {} records it could not write; removals among them recur at the next start",
          left.size());
      fail(left, new IllegalStateException("spool closed"));
    }
    files.closeAll();
  }

  private void write(Batch batch) {
    if (!batch.puts.isEmpty() && !roomFor(batch.putBytes())) {
      fail(batch.takePuts(), null);
    }
    if (batch.noRecords()) {
      complete(batch);
      return;
    }
    Set<Segment> touched = new LinkedHashSet<>();
    long start = -1;
    try {
      long bytes = batch.bytes();
      if (active.tainted || (active.durableSize > 0 && active.durableSize + bytes > config.segmentSize())) {
        touched.add(active);
        active = files.createNext();
      }
      start = active.durableSize;
      List<Location> placed = new ArrayList<>();
      ByteBuffer[] array = batch.records(active, start, placed).toArray(ByteBuffer[]::new);
      FileChannel channel = active.channel;
      channel.position(start);
      for (long written = 0; written < bytes; ) {
        written += channel.write(array);
      }
      syncer.sync(channel);
      tally.syncs.incrementAndGet();
      tally.bytesWritten.addAndGet(bytes);
      active.durableSize = start + bytes;
      batch.durable(active, placed, index, touched);
      tally.stored.addAndGet(batch.puts.size());
      tally.removed.addAndGet(batch.removals());
      complete(batch);
    } catch (IOException e) {
      failed(batch, start, e);
    }
    if (!touched.isEmpty()) {
      tally.segmentsDeleted.addAndGet(files.deleteDisposable(touched, active));
    }
  }

  private boolean roomFor(long bytes) {
    try {
      long usable = files.usableSpace();
      if (usable - bytes < health.minFreeSpace()) {
        health.lowSpace(usable);
        return false;
      }
      return true;
    } catch (IOException e) {
      health.writeFailed(e, 0);
      return false;
    }
  }

  private void failed(Batch batch, long start, IOException cause) {
    if (start >= 0) {
      try {
        active.channel.truncate(start);
        active.channel.position(start);
      } catch (IOException e) {
        LOG.error("spool segment {} could not be truncated back to its last synced byte {} ({}); "
            + "it takes no more writes", active, start, e.toString());
        active.tainted = true;
      }
    }
    long usable;
    try {
      usable = files.usableSpace();
    } catch (IOException e) {
      usable = 0;
    }
    health.writeFailed(cause, usable);
    List<Pending> refused = batch.refused();
    retry.addAll(batch.retried());
    LOG.warn("spool write failed ({}); {} messages and attempts are refused, {} removals, completions and ENDs "
        + "are retried", cause.toString(), refused.size(), retry.size());
    fail(refused, cause);
  }

  private void complete(Batch batch) {
    try {
      completions.execute(batch::complete);
    } catch (RejectedExecutionException e) {
      batch.complete();
    }
  }

  private void fail(List<? extends Pending> pending, Throwable cause) {
    SpoolState state = health.state();
    tally.refused.addAndGet(pending.stream().filter(Put.class::isInstance).count());
    Runnable failure = () -> {
      for (Pending each : pending) {
        SpoolUnavailableException error = new SpoolUnavailableException(state, cause);
        if (each instanceof Put put) {
          put.done().completeExceptionally(error);
        } else if (each instanceof Del del) {
          del.done().completeExceptionally(error);
        } else if (each instanceof Done done) {
          done.done().completeExceptionally(error);
        } else if (each instanceof Begin begin) {
          begin.done().completeExceptionally(error);
        }
      }
    };
    try {
      completions.execute(failure);
    } catch (RejectedExecutionException e) {
      failure.run();
    }
  }
}
