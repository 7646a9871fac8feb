package dev.sluice.node.smtp.codec;

import java.util.Arrays;

/**
 * Accumulates one message's content up to a size limit, and notes on the way what the receive path
 * refuses or records: bare CR or LF, the longest line, lines over 1,000 octets.
 *
 * <p>Past the limit it keeps counting but stops storing, so a client that sends too much is read to the
 * end of its data in bounded memory and then refused with {@code 552 5.3.4} (catalogue row 26). The same
 * buffer serves DATA (fed by {@link DataReader}) and BDAT (fed chunk by chunk, so a CR that ends one chunk
 * pairs with the LF that starts the next). Not thread-safe: one connection's event loop owns it.
 */
public final class ContentBuffer {
  /** RFC 5321 section 4.5.3.1.6: a text line is at most 1,000 octets with its CRLF. */
  public static final int MAX_LINE_LENGTH = 1000;
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

  private final long limit;
  private byte[] octets;
  private int stored;
  private long total;
  private boolean afterCr;
  private boolean bareLineEnding;
  private long lineLength;
  private long longestLine;

  /** @param limit the most octets to store; a message larger than this is refused */
  public ContentBuffer(long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("the content limit must be 0 or more, not " + limit);
    }
    this.limit = Math.min(limit, MAX_ARRAY);
    this.octets = new byte[(int) Math.min(this.limit, 8192)];
  }

  public void append(byte b) {
    total++;
    lineLength++;
    if (b == '\n') {
      if (!afterCr) {
        bareLineEnding = true;
      }
      endLine();
    } else if (afterCr) {
      bareLineEnding = true;
    }
    afterCr = b == '\r';
    if (total <= limit) {
      if (stored == octets.length) {
        octets = Arrays.copyOf(octets, (int) Math.min(limit, Math.max(16L, octets.length * 2L)));
      }
      octets[stored++] = b;
    }
  }

  /**
   * Appends {@code length} octets of {@code in} from {@code index}, none of them CR or LF (the caller
   * found the next line end): the bulk path of a text line, equal to appending them one by one.
   */
  public void appendText(io.netty.buffer.ByteBuf in, int index, int length) {
    if (length <= 0) {
      return;
    }
    if (afterCr) {
      bareLineEnding = true;
      afterCr = false;
    }
    long room = Math.max(0, limit - total);
    total += length;
    lineLength += length;
    int keep = (int) Math.min(room, length);
    if (keep > 0) {
      if (stored + keep > octets.length) {
        octets = Arrays.copyOf(octets, (int) Math.min(limit, Math.max(stored + (long) keep, octets.length * 2L)));
      }
      in.getBytes(index, octets, stored, keep);
      stored += keep;
    }
  }

  public void append(byte[] chunk, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      append(chunk[i]);
    }
  }

  private void endLine() {
    longestLine = Math.max(longestLine, lineLength);
    lineLength = 0;
  }

  /** Octets appended so far, stored or not. */
  public long size() {
    return total;
  }

  public boolean exceeded() {
    return total > limit;
  }

  /** Ends the content: a CR with nothing after it is bare too. */
  public Result finish() {
    boolean bare = bareLineEnding || afterCr;
    // An unterminated last line counts too: BDAT content need not end in CRLF.
    long longest = Math.max(longestLine, lineLength);
    MessageContent content = exceeded()
        ? MessageContent.adopt(new byte[0], false)
        : MessageContent.adopt(Arrays.copyOf(octets, stored), longest > MAX_LINE_LENGTH);
    octets = new byte[0];
    return new Result(total, exceeded(), bare, longest, content);
  }

  /**
   * The content as received.
   *
   * @param size every octet the client sent, after unstuffing
   * @param exceeded over the limit: nothing was stored ({@code content} is empty)
   * @param bareLineEnding a CR or LF that was not part of a CRLF
   * @param longestLine octets of the longest line, its line end included
   * @param content the stored octets
   */
  public record Result(long size, boolean exceeded, boolean bareLineEnding, long longestLine, MessageContent content) {}
}
