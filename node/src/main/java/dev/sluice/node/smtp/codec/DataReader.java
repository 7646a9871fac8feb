package dev.sluice.node.smtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Finds the end of DATA and removes the dot-stuffing (RFC 5321 sections 4.1.1.4 and 4.5.2) into a
 * {@link ContentBuffer}: octet by octet at line ends and dots, the text between them in bulk.
 *
 * <p>The data ends only at {@code <CRLF>.<CRLF>}, where the first CRLF is the end of the DATA command or of
 * a content line. {@code <LF>.<LF>}, {@code <CR>.<CR>}, {@code <LF>.<CR><LF>}, {@code <CR><LF>.<LF>} and
 * {@code <CRLF><NUL>.<CRLF>} are content like any other, so a smuggled second message stays inside the
 * first (SMTP smuggling, CVE-2023-51764 class; catalogue rows 28 and 29); the buffer records the bare line
 * ends, and the session refuses the message for them. A line that starts with a dot loses that dot.
 * Not thread-safe: one connection's event loop owns it.
 */
public final class DataReader {
  private enum State { LINE_START, DOT_AT_LINE_START, DOT_CR, IN_LINE }

  private final ContentBuffer content;
  private State state = State.LINE_START;
  private boolean afterCr;

  public DataReader(ContentBuffer content) {
    this.content = content;
  }

  /** Takes the next octet; true when it completed {@code <CRLF>.<CRLF>} and the data has ended. */
  public boolean feed(byte b) {
    switch (state) {
      case LINE_START -> {
        if (b == '.') {
          state = State.DOT_AT_LINE_START;
        } else {
          inLine(b);
        }
      }
      case DOT_AT_LINE_START -> {
        if (b == '\r') {
          state = State.DOT_CR;
        } else {
          inLine(b);
        }
      }
      case DOT_CR -> {
        if (b == '\n') {
          return true;
        }
        // ".<CR>x": the dot was stuffing and the CR is a bare one, kept so the buffer sees it.
        content.append((byte) '\r');
        afterCr = true;
        inLine(b);
      }
      case IN_LINE -> inLine(b);
    }
    return false;
  }

  private void inLine(byte b) {
    content.append(b);
    // A line starts only after CRLF: after a bare LF the next dot is content, not stuffing or an end.
    state = b == '\n' && afterCr ? State.LINE_START : State.IN_LINE;
    afterCr = b == '\r';
  }

  /**
   * Takes the readable octets of {@code in} without moving its reader index, the runs of text between line
   * ends in bulk: the index of the octet that completed {@code <CRLF>.<CRLF>}, or -1 when it took them all.
   * The same as {@link #feed(byte)} octet by octet.
   */
  public int feed(ByteBuf in) {
    int i = in.readerIndex();
    int end = in.writerIndex();
    while (i < end) {
      if (state == State.IN_LINE) {
        int lineEnd = in.forEachByte(i, end - i, ByteProcessor.FIND_CRLF);
        int stop = lineEnd < 0 ? end : lineEnd;
        if (stop > i) {
          // Text without CR or LF: the state stays IN_LINE, and no CR precedes what follows.
          content.appendText(in, i, stop - i);
          afterCr = false;
          i = stop;
          continue;
        }
      }
      if (feed(in.getByte(i))) {
        return i;
      }
      i++;
    }
    return -1;
  }

  public ContentBuffer.Result finish() {
    return content.finish();
  }
}
