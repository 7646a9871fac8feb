package dev.sluice.node.spool;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * What the spool's index holds for one live message: where its PUT lies, the recipients completed
 * so far and its crash count, and which segments hold its newest DONE and its newest BEGIN or END.
 *
 * <p>Each of those newest records counts as {@link Segment#live} in its segment, so the segment
 * stays while the message does; a newer record of the same kind moves that count, since it
 * carries everything the older one said. Thread-safety: {@link #completed()} and
 * {@link #crashCount()} may be read from any thread (they are replaced whole); everything else
 * belongs to recovery and then to the writer thread.
 */
final class LiveMessage {
  final long id;
  final Location put;
  private volatile Set<String> completed = Set.of();
  private volatile int crashCount;
  private Segment completion;
  private Segment attempt;
  /** Recovery only: its newest BEGIN or END is a BEGIN. */
  private boolean inFlight;
  /** Its DEL is durable: nothing more of it is pinned. */
  private boolean removed;

  LiveMessage(long id, Location put) {
    this.id = id;
    this.put = put;
    put.segment().live++;
  }

  Set<String> completed() {
    return completed;
  }

  int crashCount() {
    return crashCount;
  }

  boolean removed() {
    return removed;
  }

  boolean inFlight() {
    return inFlight;
  }

  /** Every recipient completed so far and {@code more}. */
  Set<String> completedWith(Collection<String> more) {
    Set<String> all = new HashSet<>(completed);
    all.addAll(more);
    return all;
  }

  /** A DONE in {@code segment} records {@code recipients} (with every one completed before). */
  void completedIn(Segment segment, Collection<String> recipients, Collection<Segment> released) {
    if (removed) {
      return;
    }
    completed = Set.copyOf(completedWith(recipients));
    completion = repin(completion, segment, released);
  }

  /** A BEGIN ({@code begins}) or END in {@code segment} gives its state and crash count. */
  void attemptIn(Segment segment, boolean begins, int crashes, Collection<Segment> released) {
    if (removed) {
      return;
    }
    inFlight = begins;
    crashCount = crashes;
    attempt = repin(attempt, segment, released);
  }

  /** Recovery found its attempt under way: one more crash, which the next BEGIN or END carries. */
  void crashed() {
    inFlight = false;
    crashCount++;
  }

  /** Its DEL in {@code holder} is durable; adds the segments whose counts fell to {@code released}. */
  void removedBy(Segment holder, Collection<Segment> released) {
    put.segment().deletedBy(holder);
    released.add(put.segment());
    unpin(released);
  }

  /** Recovery found a newer PUT of the same id (a segment copied back by hand): this one counts for nothing. */
  void superseded() {
    put.segment().live--;
    unpin(new HashSet<>());
  }

  private void unpin(Collection<Segment> released) {
    completion = repin(completion, null, released);
    attempt = repin(attempt, null, released);
    removed = true;
  }

  private static Segment repin(Segment old, Segment now, Collection<Segment> released) {
    if (now != null) {
      now.live++;
    }
    if (old != null) {
      old.live--;
      released.add(old);
    }
    return now;
  }
}
