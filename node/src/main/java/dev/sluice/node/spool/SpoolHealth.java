package dev.sluice.node.spool;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the spool's {@link SpoolState} and decides its changes: the writer reports failures and
 * low space, a periodic probe returns the spool to accepting once the file system takes writes
 * again (F7).
 *
 * <p>Thread-safe: changes are compare-and-set, so a failure the writer reports while a probe runs
 * is not overwritten by the probe's older view. The probe asks for a margin above
 * spool.min-free-space before it resumes, so that a spool at the edge does not flap every second.
 */
final class SpoolHealth {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolHealth.class);
  static final long RESUME_MARGIN = 256L << 10;

  private final AtomicReference<SpoolState> state;
  private final long minFreeSpace;
  private final Clock clock;

  SpoolHealth(long minFreeSpace, long usable, Clock clock) {
    this.minFreeSpace = minFreeSpace;
    this.clock = clock;
    this.state = new AtomicReference<>(new SpoolState(SpoolState.Condition.ACCEPTING, usable, "", clock.instant()));
    if (usable < minFreeSpace) {
      lowSpace(usable);
    }
  }

  SpoolState state() {
    return state.get();
  }

  long minFreeSpace() {
    return minFreeSpace;
  }

  void lowSpace(long usable) {
    enter(SpoolState.Condition.LOW_SPACE, usable,
        usable + " bytes usable, spool.min-free-space is " + minFreeSpace);
  }

  /** Records a failed write: low space when the file system is out of it, failed otherwise. */
  void writeFailed(IOException cause, long usable) {
    String message = String.valueOf(cause.getMessage());
    boolean noSpace = message.contains("No space left") || message.contains("Disk quota") || usable < minFreeSpace;
    enter(noSpace ? SpoolState.Condition.LOW_SPACE : SpoolState.Condition.FAILED, usable,
        "write failed: " + cause + " (" + usable + " bytes usable)");
  }

  void closed() {
    state.set(new SpoolState(SpoolState.Condition.CLOSED, state.get().usableBytes(), "closed", clock.instant()));
  }

  /** Runs on the probe executor: rechecks space, and for a failed spool a trial write. */
  void probe(SegmentFiles files) {
    SpoolState seen = state.get();
    if (seen.condition() == SpoolState.Condition.CLOSED) {
      return;
    }
    try {
      long usable = files.usableSpace();
      if (seen.accepting()) {
        if (usable < minFreeSpace) {
          enterFrom(seen, SpoolState.Condition.LOW_SPACE, usable,
              usable + " bytes usable, spool.min-free-space is " + minFreeSpace);
        }
        return;
      }
      if (usable < minFreeSpace + RESUME_MARGIN) {
        return;
      }
      files.probeWrite();
      enterFrom(seen, SpoolState.Condition.ACCEPTING, usable, "");
    } catch (IOException | RuntimeException e) {
      LOG.debug("spool probe failed; still {}: {}", seen.condition(), e.toString());
    }
  }

  private void enter(SpoolState.Condition condition, long usable, String detail) {
    for (int attempt = 0; attempt < 100; attempt++) {
      SpoolState seen = state.get();
      if (seen.condition() == SpoolState.Condition.CLOSED || enterFrom(seen, condition, usable, detail)) {
        return;
      }
    }
  }

  private boolean enterFrom(SpoolState seen, SpoolState.Condition condition, long usable, String detail) {
    SpoolState next = new SpoolState(condition, usable, detail,
        seen.condition() == condition ? seen.since() : clock.instant());
    if (!state.compareAndSet(seen, next)) {
      return false;
    }
    if (seen.condition() != condition) {
      if (condition == SpoolState.Condition.ACCEPTING) {
        LOG.info("spool accepts messages again ({} bytes usable)", usable);
      } else {
        LOG.warn("spool stops accepting messages, answering 4xx: {} ({})", condition, detail);
      }
    }
    return true;
  }
}
