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
 */
public record SpoolConfig(Path directory, long minFreeSpace, long segmentSize, Duration probeInterval) {
  public static final long DEFAULT_MIN_FREE_SPACE = 100L << 20;
  public static final long DEFAULT_SEGMENT_SIZE = 64L << 20;
  public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(1);
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
  }

  /** The defaults for a spool in {@code directory}. */
  public static SpoolConfig of(Path directory) {
    return new SpoolConfig(directory, DEFAULT_MIN_FREE_SPACE, DEFAULT_SEGMENT_SIZE, DEFAULT_PROBE_INTERVAL);
  }

  public SpoolConfig withMinFreeSpace(long bytes) {
    return new SpoolConfig(directory, bytes, segmentSize, probeInterval);
  }

  public SpoolConfig withSegmentSize(long bytes) {
    return new SpoolConfig(directory, minFreeSpace, bytes, probeInterval);
  }

  public SpoolConfig withProbeInterval(Duration interval) {
    return new SpoolConfig(directory, minFreeSpace, segmentSize, interval);
  }
}
