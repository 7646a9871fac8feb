package dev.sluice.directory.zookeeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Paces the load figure of a {@link MemberRegistration}: remembers the latest figure and the last write,
 * and schedules the registration's flush so that writes are at least {@link #INTERVAL} apart by the clock.
 *
 * <p>Thread-safe and non-blocking: {@link #record} may be called from any thread, often. At most one flush
 * is scheduled at a time; a figure recorded while one runs schedules the next, so none is lost.
 */
final class RegistrationLoad {
  /** The least time between two writes of the member znode. */
  static final Duration INTERVAL = Duration.ofSeconds(1);

  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final Runnable flush;
  private final AtomicLong desired;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile long written = -1;
  private volatile Instant lastWrite = Instant.EPOCH;

  RegistrationLoad(Clock clock, ScheduledExecutorService executor, Runnable flush, long initial) {
    this.clock = clock;
    this.executor = executor;
    this.flush = () -> {
      scheduled.set(false); // First, so that a figure recorded during the flush schedules another.
      flush.run();
    };
    this.desired = new AtomicLong(initial);
  }

  void record(long queueLength) {
    desired.set(queueLength);
  }

  long desired() {
    return desired.get();
  }

  /** Whether the latest figure differs from the one last written. */
  boolean changed() {
    return desired.get() != written;
  }

  /** Whether a write now keeps writes {@link #INTERVAL} apart. */
  boolean due() {
    return !clock.instant().isBefore(lastWrite.plus(INTERVAL));
  }

  /** Records a write of the znode holding {@code queueLength}. */
  void wrote(long queueLength) {
    written = queueLength;
    lastWrite = clock.instant();
  }

  /** Schedules the flush for when the next write is due, unless one is scheduled already. */
  void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      long due = Duration.between(clock.instant(), lastWrite.plus(INTERVAL)).toMillis();
      try {
        executor.schedule(flush, Math.max(0, Math.min(due, INTERVAL.toMillis())), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopping) {
        scheduled.set(false);
      }
    }
  }
}
