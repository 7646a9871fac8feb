package dev.sluice.directory.zookeeper;

import java.util.HashMap;
import java.util.Map;

/**
 * How many znodes one batched read may ask for, so that its response stays well inside the client's
 * packet limit ({@code jute.maxbuffer}, 1 MiB by default): learnt from the largest document seen under
 * each container, across loads and re-reads.
 *
 * <p>Not thread-safe: the cache's thread owns it. A response over the limit costs the client its
 * connection; after that the next load reads znode by znode ({@link #careful}) and so learns every size.
 */
final class TreeSizes {
  /** Past some tens of znodes a batch gains nothing more (measured) and only risks the limit. */
  static final int MAX_BATCH = 50;
  /** What a document under a container not read yet is taken to weigh. */
  private static final int ASSUMED_BYTES = 4_096;
  private static final int MIN_BYTES = 1_024;

  private final int budget;
  private final Map<String, Integer> largest = new HashMap<>();
  private boolean careful;

  /** {@code packetLimit} is the client's limit on a response; a batch aims at a quarter of it. */
  TreeSizes(int packetLimit) {
    this.budget = Math.max(MIN_BYTES, packetLimit / 4);
  }

  /** How many children of {@code container} one batched read may ask for. */
  int batch(String container) {
    if (careful) {
      return 1;
    }
    int bytes = Math.max(MIN_BYTES, largest.getOrDefault(container, ASSUMED_BYTES));
    return Math.max(1, Math.min(MAX_BATCH, budget / bytes));
  }

  /** How many containers one batched listing may ask for, given how many children each has. */
  boolean listingFits(long childrenSoFar) {
    // A child's name and its length prefix: names are short, 64 bytes is generous.
    return !careful && childrenSoFar * 64 <= budget;
  }

  /** A document of {@code length} bytes was read under {@code container}. */
  void saw(String container, int length) {
    largest.merge(container, length, Math::max);
  }

  /** Whether the next load reads one znode at a time (after a batched load lost the connection). */
  void careful(boolean careful) {
    this.careful = careful;
  }

  boolean careful() {
    return careful;
  }
}
