package dev.sluice.node.spool;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether the spool takes new messages now, as the SMTP server asks it at MAIL and at the end of
 * the data.
 *
 * <p>The replies it stands for (RFC 3463; Postfix and Exchange back pressure answer the same):
 * {@link Condition#LOW_SPACE} is {@code 452 4.3.1 Insufficient system storage},
 * {@link Condition#FAILED} is {@code 451 4.3.0 Queue file write error}, and both are temporary, so
 * the client keeps the message and retries. Neither state stops reads or removals: delivery of
 * what is spooled goes on.
 *
 * @param condition accepting, low on space, failed or closed
 * @param usableBytes the free space the file system reported at {@code since}'s check
 * @param detail why the spool is not accepting (empty when it is)
 * @param since when the spool entered this condition
 */
public record SpoolState(Condition condition, long usableBytes, String detail, Instant since) {
  /** The spool's conditions. */
  public enum Condition {
    /** New messages are taken. */
    ACCEPTING,
    /** The file system has less than spool.min-free-space, or a write ran out of space. */
    LOW_SPACE,
    /** A write or sync failed for another reason (EIO, a read-only remount). */
    FAILED,
    /** The spool is closed. */
    CLOSED
  }

  public SpoolState {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(since, "since");
  }

  /** Whether a message stored now would be attempted. */
  public boolean accepting() {
    return condition == Condition.ACCEPTING;
  }
}
