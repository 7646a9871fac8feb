package dev.sluice.node.spool;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A message read back from the spool: its id, its envelope and its content exactly as stored, and
 * what delivery has durably recorded about it.
 *
 * @param id the id the spool gave it
 * @param envelope the envelope stored with it
 * @param content the message bytes; {@link #content()} returns a fresh read-only view each time
 * @param completed the addresses of the recipients completed so far ({@link Spool#complete}),
 *     across restarts, spelled as in the envelope
 * @param crashCount how many of its delivery attempts ({@link Spool#beginAttempt}) were under way
 *     when the node went down, found so at an open: how many crashes it may have caused
 */
public record SpooledMessage(SpoolId id, Envelope envelope, ByteBuffer content, Set<String> completed,
    int crashCount) {
  public SpooledMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(envelope, "envelope");
    content = content.slice().asReadOnlyBuffer();
    completed = Set.copyOf(completed);
    if (crashCount < 0) {
      throw new IllegalArgumentException("crash count must be 0 or more, not " + crashCount);
    }
  }

  @Override
  public ByteBuffer content() {
    return content.duplicate();
  }

  /** A copy of the content. */
  public byte[] contentBytes() {
    byte[] bytes = new byte[content.remaining()];
    content.duplicate().get(bytes);
    return bytes;
  }

  /** The envelope recipients not completed yet, in envelope order. */
  public List<Recipient> remaining() {
    return envelope.recipients().stream().filter(recipient -> !completed.contains(recipient.address())).toList();
  }
}
