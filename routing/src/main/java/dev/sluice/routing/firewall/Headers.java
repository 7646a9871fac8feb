package dev.sluice.routing.firewall;

import java.util.Objects;

/**
 * Reads the fields of an RFC 5322 header block in place, without copying or decoding it.
 *
 * <p>Stateless and thread-safe ({@link Cursor} is a single-use reader for one thread). Lenient as a
 * transport must be (RFC 5322 sections 2.2 and 2.2.3): a line ends at LF, with or without CR before it; a
 * line starting with SP or HTAB continues the field before it; the header section ends at the first empty
 * line, and what follows (the body) is never read. A field name is printable ASCII except ':', and may be
 * followed by white space before the colon (the obsolete syntax of section 4.5), so that a receiver that
 * accepts {@code Received :} cannot be handed one that the firewall missed. A line that is no field passes
 * as it is.
 */
public final class Headers {
  private Headers() {}

  /** How many Received fields the header block holds: the hops a message made, for the max hop count. */
  public static int countReceived(byte[] headerBlock) {
    Cursor cursor = new Cursor(headerBlock);
    int count = 0;
    while (cursor.next()) {
      if (cursor.family() == HeaderFamily.ROUTING) {
        count++;
      }
    }
    return count;
  }

  /** Steps through the lines of a header block a field (with its continuation lines) at a time. */
  static final class Cursor {
    private final byte[] block;
    private int start;
    private int end;
    private int nameEnd = -1;
    private boolean done;

    Cursor(byte[] block) {
      this.block = Objects.requireNonNull(block, "header block must be given (an empty array when none)");
    }

    /** Moves to the next field or other line of the header section; false at its end. */
    boolean next() {
      if (done || end >= block.length || isEmptyLine(end)) {
        done = true;
        start = end;
        nameEnd = -1;
        return false;
      }
      start = end;
      end = lineEnd(start);
      while (end < block.length && isWhiteSpace(block[end])) {
        end = lineEnd(end);
      }
      nameEnd = nameEnd(start);
      return true;
    }

    /** Where the current field starts. */
    int start() {
      return start;
    }

    /** Where the current field ends: after the line end of its last continuation line. */
    int end() {
      return end;
    }

    /** The family of the current field, or null when it is none or not a field at all. */
    HeaderFamily family() {
      return nameEnd < 0 ? null : HeaderFamily.find(block, start, nameEnd);
    }

    private boolean isEmptyLine(int at) {
      return block[at] == '\n' || (block[at] == '\r' && at + 1 < block.length && block[at + 1] == '\n');
    }

    private int lineEnd(int from) {
      for (int i = from; i < block.length; i++) {
        if (block[i] == '\n') {
          return i + 1;
        }
      }
      return block.length;
    }

    /** The end of the field name of the line at {@code from}, or -1 when the line is no field. */
    private int nameEnd(int from) {
      int i = from;
      while (i < block.length && block[i] >= 33 && block[i] <= 126 && block[i] != ':') {
        i++;
      }
      int nameEnd = i;
      while (i < block.length && isWhiteSpace(block[i])) {
        i++;
      }
      return nameEnd > from && i < block.length && block[i] == ':' ? nameEnd : -1;
    }

    private static boolean isWhiteSpace(byte b) {
      return b == ' ' || b == '\t';
    }
  }
}
