package dev.sluice.node.delivery.dsn;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The message a DSN reports on, read as far as a DSN needs it: its content with every line end made CRLF,
 * its header section, its Subject, and whether it is itself a delivery report.
 *
 * <p>The spool keeps content as received, which may have bare LF or CR line ends or no header section at
 * all; a DSN must not pass those on (RFC 5322 section 2.3), so every CR, LF or CRLF becomes one CRLF here.
 * The header section ends at the first empty line, or at the first line that is not a header field (a
 * message that starts with its body has none). Immutable.
 */
final class OriginalMessage {
  /** RFC 5322 section 2.1.1: at most 998 octets on a line, CRLF excluded. */
  static final int MAX_LINE = 998;

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final Pattern DELIVERY_REPORT = Pattern.compile(
      "(?is)\\s*multipart\\s*/\\s*report\\s*;.*\\breport-type\\s*=\\s*\"?(global-)?delivery-status\\b.*");

  private final byte[] content;
  private final int headerEnd;
  private final Optional<String> subject;
  private final boolean deliveryReport;

  private OriginalMessage(byte[] content, int headerEnd, Optional<String> subject, boolean deliveryReport) {
    this.content = content;
    this.headerEnd = headerEnd;
    this.subject = subject;
    this.deliveryReport = deliveryReport;
  }

  /** Reads the content between the buffer's position and limit, leaving the buffer as it was. */
  static OriginalMessage read(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] raw = new byte[view.remaining()];
    view.get(raw);
    byte[] content = withCrlf(raw);
    int headerEnd = 0;
    List<String> fields = new ArrayList<>();
    for (int start = 0; start < content.length; ) {
      int end = lineEnd(content, start);
      String line = new String(content, start, end - start, StandardCharsets.UTF_8);
      boolean continuation = !fields.isEmpty() && !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
      if (continuation) {
        // Unfolding (RFC 5322 section 2.2.3): the CRLF goes, the white space stays.
        fields.set(fields.size() - 1, fields.get(fields.size() - 1) + line);
      } else if (isFieldStart(line)) {
        fields.add(line);
      } else {
        break;
      }
      start = end + 2;
      headerEnd = start;
    }
    Optional<String> subject = first(fields, "subject");
    boolean report = first(fields, "content-type").map(type -> DELIVERY_REPORT.matcher(type).matches()).orElse(false);
    return new OriginalMessage(content, headerEnd, subject, report);
  }

  /** The Subject, unfolded, as UTF-8 text (an encoded-word stays encoded); empty when there is none. */
  Optional<String> subject() {
    return subject;
  }

  /** Whether the message is itself a delivery report ({@code multipart/report; report-type=delivery-status}). */
  boolean deliveryReport() {
    return deliveryReport;
  }

  /** The header lines, each with its CRLF, without the empty line after them. */
  byte[] headerSection() {
    byte[] header = new byte[headerEnd];
    System.arraycopy(content, 0, header, 0, headerEnd);
    return header;
  }

  /**
   * The whole message as a message/rfc822 body: when it has no header section, an empty line goes first so
   * that its first line is not read as a header field.
   */
  byte[] whole() {
    if (headerEnd == 0 && !(content.length >= 2 && content[0] == CR && content[1] == LF)) {
      byte[] out = new byte[content.length + 2];
      out[0] = CR;
      out[1] = LF;
      System.arraycopy(content, 0, out, 2, content.length);
      return out;
    }
    return content.clone();
  }

  /** The size of the content with its line ends made CRLF, in octets. */
  int size() {
    return content.length;
  }

  /**
   * Whether these CRLF-ended octets can travel unencoded inside a DSN: no NUL (RFC 2045 section 2.8 forbids it
   * even in 8bit) and no line over 998 octets.
   */
  static boolean returnable(byte[] lines) {
    int length = 0;
    for (byte b : lines) {
      if (b == 0) {
        return false;
      }
      if (b == CR || b == LF) {
        length = 0;
      } else if (++length > MAX_LINE) {
        return false;
      }
    }
    return true;
  }

  /** Whether any octet is outside US-ASCII, so the part needs {@code 8bit} and the DSN BODY=8BITMIME. */
  static boolean eightBit(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> first(List<String> fields, String name) {
    for (String field : fields) {
      int colon = field.indexOf(':');
      if (field.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(name)) {
        return Optional.of(field.substring(colon + 1).strip());
      }
    }
    return Optional.empty();
  }

  /** RFC 5322 section 2.2: a field name is printable ASCII but the colon, followed by a colon. */
  private static boolean isFieldStart(String line) {
    int colon = line.indexOf(':');
    if (colon <= 0) {
      return false;
    }
    String name = line.substring(0, colon).stripTrailing();
    return !name.isEmpty() && name.chars().allMatch(c -> c > ' ' && c < 127);
  }

  private static int lineEnd(byte[] content, int from) {
    int i = from;
    while (content[i] != CR) {
      i++;
    }
    return i;
  }

  /** Every CR, LF or CRLF becomes CRLF, and a last line without one gets one. */
  private static byte[] withCrlf(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 64);
    boolean lineOpen = false;
    for (int i = 0; i < raw.length; i++) {
      byte b = raw[i];
      if (b == CR || b == LF) {
        out.write(CR);
        out.write(LF);
        if (b == CR && i + 1 < raw.length && raw[i + 1] == LF) {
          i++;
        }
        lineOpen = false;
      } else {
        out.write(b);
        lineOpen = true;
      }
    }
    if (lineOpen) {
      out.write(CR);
      out.write(LF);
    }
    return out.toByteArray();
  }
}
