package dev.sluice.node.delivery.dsn;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The octets of a MIME entity written a line at a time, each ended with CRLF and checked to hold no CR or
 * LF and at most 998 octets (RFC 5322 section 2.1.1), so no value can break the message's structure. Not
 * thread-safe: one per DSN being written.
 */
final class MimeLines {
  private static final byte[] CRLF = {'\r', '\n'};

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);

  /** Writes one line, UTF-8 (only a To: address that is not ASCII ever needs more than ASCII). */
  MimeLines line(String line) {
    if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
      throw new IllegalStateException("a line of a DSN holds a CR or LF: " + line.strip());
    }
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > OriginalMessage.MAX_LINE) {
      throw new IllegalStateException("a line of a DSN is " + bytes.length + " octets, over 998");
    }
    out.writeBytes(bytes);
    out.writeBytes(CRLF);
    return this;
  }

  /** Writes a header field, folded. */
  MimeLines field(String name, String value) {
    HeaderText.fold(name, value).forEach(this::line);
    return this;
  }

  /** Writes lines already ended with CRLF and checked by {@link OriginalMessage#returnable}. */
  MimeLines lines(byte[] crlfLines) {
    out.writeBytes(crlfLines);
    return this;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
