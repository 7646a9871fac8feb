package dev.sluice.node.smtp.codec;

/**
 * Finds the end of DATA and removes the dot-stuffing (RFC 5321 sections 4.1.1.4 and 4.5.2), one octet at a
 * time, into a {@link ContentBuffer}.
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

  public ContentBuffer.Result finish() {
    return content.finish();
  }
}
