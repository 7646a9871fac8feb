package dev.sluice.routing.select;

import dev.sluice.routing.select.ConnectorSelector.Selection;

/**
 * The winners selection found for one local server, remembered by group: a node resolves every
 * recipient as itself, and which connector wins for a group depends only on the group, that server
 * and the message size (liveness orders hosts, it never changes the connector), so each group is
 * weighed once per routing table rather than once per recipient.
 *
 * <p>A winner is remembered with the largest message size it holds for ({@link
 * ScoredCandidate#sizeLimit}); a larger message is weighed afresh, and so is a group where nothing
 * could be used (rare, and its answer names the message size). The table of winners is made on first
 * use, so a table built for a server that never resolves costs nothing.
 *
 * <p>Thread-safe without locks: threads that race on an empty slot each weigh the group and store
 * equal winners; {@link ScoredCandidate} is immutable with final fields, so a winner read through the
 * plain array is seen whole.
 */
public final class SelectionMemo {
  private final ConnectorSelector selector;
  private final CandidateGroups groups;
  private final LocalServer local;
  private volatile ScoredCandidate[] winners;

  public SelectionMemo(ConnectorSelector selector, CandidateGroups groups, LocalServer local) {
    this.selector = selector;
    this.groups = groups;
    this.local = local;
  }

  /** The server this memo selects for. */
  public LocalServer local() {
    return local;
  }

  /** What {@link ConnectorSelector#select} gives for the group numbered {@code group}, remembered. */
  public Selection select(int group, long messageSize) {
    ScoredCandidate[] known = winners;
    if (known == null) {
      known = new ScoredCandidate[groups.groupCount()];
      winners = known;
    }
    ScoredCandidate winner = known[group];
    if (winner != null && messageSize <= winner.sizeLimit()) {
      return winner;
    }
    Selection selection = selector.select(groups, group, local, messageSize, null);
    if (winner == null && selection instanceof ScoredCandidate found && messageSize <= found.sizeLimit()) {
      known[group] = found;
    }
    return selection;
  }
}
