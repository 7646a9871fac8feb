package dev.sluice.node.spool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The spool's settings (the node configuration's {@code spool.*} keys).
 *
 * @param directory spool.dir: holds {@code segments/} and {@code quarantine/}
 * @param minFreeSpace spool.min-free-space: below this many usable bytes the spool refuses new
 *     messages (removals may still use the reserve)
 * @param segmentSize a segment is closed and a new one begun once it holds this many bytes
 * @param probeInterval how often a spool that is not accepting checks whether it may again
 * @param commitDelay spool.commit-delay: when the last group commit held more than one message (sessions
 *     are storing concurrently), how long the writer waits for more before the next one; zero for none
 */
public record SpoolConfig(Path directory, long minFreeSpace, long segmentSize, Duration probeInterval,
    Duration commitDelay) {
  public static final long DEFAULT_MIN_FREE_SPACE = 100L << 20;
  public static final long DEFAULT_SEGMENT_SIZE = 64L << 20;
  public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(1);
  /** As PostgreSQL's commit_delay, with its commit_siblings in the form of "the last commit was shared". */
  public static final Duration DEFAULT_COMMIT_DELAY = Duration.ofMillis(1);
  public static final Duration MAX_COMMIT_DELAY = Duration.ofMillis(100);
  /** Keeps a segment, even one holding a single large record, addressable by an int. */
  public static final long MAX_SEGMENT_SIZE = 1L << 30;

  public SpoolConfig {
    Objects.requireNonNull(directory, "spool.dir");
    if (minFreeSpace < 0) {
      throw new IllegalArgumentException("spool.min-free-space must be 0 or more bytes, not " + minFreeSpace);
    }
    if (segmentSize < 4096 || segmentSize > MAX_SEGMENT_SIZE) {
      throw new IllegalArgumentException(
          "spool segment size must be between 4096 bytes and 1 GiB, not " + segmentSize);
    }
    if (probeInterval.isNegative() || probeInterval.isZero()) {
      throw new IllegalArgumentException("spool probe interval must be positive, not " + probeInterval);
    }
    if (commitDelay.isNegative() || commitDelay.compareTo(MAX_COMMIT_DELAY) > 0) {
      throw new IllegalArgumentException("spool.commit-delay must be between 0s and 100ms, not " + commitDelay);
    }
  }

  /** The defaults for a spool in {@code directory}. */
  public static SpoolConfig of(Path directory) {
    return new SpoolConfig(directory, DEFAULT_MIN_FREE_SPACE, DEFAULT_SEGMENT_SIZE, DEFAULT_PROBE_INTERVAL,
        DEFAULT_COMMIT_DELAY);
  }

  public SpoolConfig withMinFreeSpace(long bytes) {
    return new SpoolConfig(directory, bytes, segmentSize, probeInterval, commitDelay);
  }

  public SpoolConfig withSegmentSize(long bytes) {
    return new SpoolConfig(directory, minFreeSpace, bytes, probeInterval, commitDelay);
  }

  public SpoolConfig withProbeInterval(Duration interval) {
    return new SpoolConfig(directory, minFreeSpace, segmentSize, interval, commitDelay);
  }

  public SpoolConfig withCommitDelay(Duration delay) {
    return new SpoolConfig(directory, minFreeSpace, segmentSize, probeInterval, delay);
  }
}
