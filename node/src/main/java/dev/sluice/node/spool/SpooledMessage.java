package dev.sluice.node.spool;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A message read back from the spool: its id, its envelope and its content exactly as stored.
 *
 * @param id the id the spool gave it
 * @param envelope the envelope stored with it
 * @param content the message bytes; {@link #content()} returns a fresh read-only view each time
 */
public record SpooledMessage(SpoolId id, Envelope envelope, ByteBuffer content) {
  public SpooledMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(envelope, "envelope");
    content = content.slice().asReadOnlyBuffer();
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
}
