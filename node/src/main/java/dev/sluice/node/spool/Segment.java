package dev.sluice.node.spool;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One segment file and the bookkeeping that says when it may be deleted.
 *
 * <p>A segment may go once no record in it is needed by a live message and no DEL in it still
 * matters. A live message needs its PUT, its newest DONE and its newest BEGIN or END: each of
 * those carries the whole of what it records (every recipient completed so far; the crash count),
 * so the older ones of the same message may go, and a message pins at most three segments
 * ({@link #live}, moved by {@link LiveMessage}). A DEL matters while the segment holding its PUT
 * exists: deleting the DEL first would bring the message back at the next recovery. So each
 * segment counts the DELs it holds for PUTs in other, existing segments ({@link #pendingDeletes}),
 * and remembers which segments hold DELs for its own PUTs ({@link #deletesFrom}), to release them
 * when it goes. The DONE, BEGIN and END records of a removed message need nothing: recovery
 * ignores them once the message's PUT is gone or cancelled.
 *
 * <p>Not thread-safe: only the writer thread (and recovery before it starts) changes the counts.
 * {@link #channel} is shared: readers do positional reads on it while the writer appends.
 */
final class Segment {
  final long number;
  final Path path;
  final FileChannel channel;
  /** Bytes known to be durable: the end of the last synced batch, or the recovered length. */
  long durableSize;
  /** Records here that a live message needs: PUTs, and the newest DONE, BEGIN or END of a message. */
  int live;
  int pendingDeletes;
  final Map<Segment, Integer> deletesFrom = new HashMap<>();
  /** A failed write could not be truncated away: write nothing more here. */
  boolean tainted;
  boolean deleted;

  Segment(long number, Path path, FileChannel channel, long durableSize) {
    this.number = number;
    this.path = path;
    this.channel = channel;
    this.durableSize = durableSize;
  }

  static String fileName(long number) {
    return String.format("%08d.log", number);
  }

  /** The number of a segment file name, or -1 for a file that is not a segment. */
  static long number(String fileName) {
    if (!fileName.matches("\\d{8,18}\\.log")) {
      return -1;
    }
    return Long.parseLong(fileName.substring(0, fileName.length() - 4));
  }

  /** Notes that the PUT of one of this segment's messages is now cancelled by a DEL in {@code holder}. */
  void deletedBy(Segment holder) {
    live--;
    if (holder != this) {
      holder.pendingDeletes++;
      deletesFrom.merge(holder, 1, Integer::sum);
    }
  }

  boolean disposable() {
    return !deleted && live == 0 && pendingDeletes == 0;
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
