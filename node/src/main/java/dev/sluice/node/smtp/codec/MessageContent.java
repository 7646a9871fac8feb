package dev.sluice.node.smtp.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The content of one received message as the sink gets it: the octets after dot-unstuffing, every line
 * ending in CRLF (the receive path refuses bare CR and LF, so none reach here).
 *
 * <p>A line longer than the 1,000 octets of RFC 5321 section 4.5.3.1.6 reaches here only when the node's
 * {@code limits.max-text-line} allows it (by default the message is refused); it is kept byte for byte, and
 * {@link #hasLongLines()} says so, so that whatever relays the message knows it must not send it on as it
 * is (catalogue row 27). NUL octets are kept too (row 31). Immutable: the array is never handed out, only
 * copies or read-only views.
 */
public final class MessageContent {
  private final byte[] octets;
  private final boolean longLines;

  public MessageContent(byte[] octets, boolean longLines) {
    this.octets = octets.clone();
    this.longLines = longLines;
  }

  /** Takes the array without a copy; only the buffers of this package, which drop it at once, call it. */
  static MessageContent adopt(byte[] octets, boolean longLines) {
    return new MessageContent(octets, longLines, true);
  }

  private MessageContent(byte[] octets, boolean longLines, boolean adopted) {
    this.octets = octets;
    this.longLines = longLines;
  }

  public int size() {
    return octets.length;
  }

  /** Whether a line is longer than 1,000 octets with its CRLF. */
  public boolean hasLongLines() {
    return longLines;
  }

  /**
   * A copy of the header section (RFC 5322 section 2.1): every line before the first empty one, with their
   * CRLFs; the whole content when no empty line ends it, nothing when the content starts with one.
   */
  public byte[] headerBlock() {
    if (octets.length >= 2 && octets[0] == '\r' && octets[1] == '\n') {
      return new byte[0];
    }
    for (int i = 0; i + 3 < octets.length; i++) {
      if (octets[i] == '\r' && octets[i + 1] == '\n' && octets[i + 2] == '\r' && octets[i + 3] == '\n') {
        return Arrays.copyOf(octets, i + 2);
      }
    }
    return octets.clone();
  }

  public byte[] toByteArray() {
    return octets.clone();
  }

  public InputStream newInputStream() {
    return new ByteArrayInputStream(octets);
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(octets);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MessageContent that && longLines == that.longLines && Arrays.equals(octets, that.octets);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(octets) * 31 + Boolean.hashCode(longLines);
  }

  @Override
  public String toString() {
    return "MessageContent[" + octets.length + " octets" + (longLines ? ", long lines" : "") + "]";
  }
}
