package dev.sluice.node.delivery.dsn;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The text rules of header fields and DSN fields: folding (RFC 5322 section 2.2.3), encoded-words (RFC
 * 2047), dates (RFC 5322 section 3.3) and xtext (RFC 3461 section 4). Stateless.
 */
final class HeaderText {
  /** RFC 5322 section 2.1.1: a line SHOULD stay within 78 characters. */
  private static final int FOLD_AT = 78;
  /** A word longer than this is cut, so that no folded line can pass 998 octets. */
  private static final int LONGEST_WORD = 900;
  /** RFC 2047 section 2: an encoded-word is at most 75 characters; "=?UTF-8?B?" and "?=" take 12. */
  private static final int ENCODED_OCTETS = 45;
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private HeaderText() {}

  /** An RFC 5322 date-time, {@code Tue, 3 Jun 2008 11:05:30 +0000}. */
  static String date(Instant instant) {
    return DATE.format(instant);
  }

  /**
   * The field {@code name: value} as lines of at most 78 characters where the words allow, folded before
   * white space; each line comes without its CRLF.
   */
  static List<String> fold(String name, String value) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder(name).append(':');
    for (String word : words(value)) {
      if (line.length() + 1 + word.length() > FOLD_AT && line.length() > name.length() + 1) {
        lines.add(line.toString());
        line = new StringBuilder();
      }
      line.append(' ').append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  /**
   * A header value readable by any mail system: the value itself when it is printable ASCII, or else
   * encoded-words in UTF-8 (RFC 2047 section 4.1, B encoding), which also keeps a word of any length short.
   * The DSN always leaves without SMTPUTF8 where its recipient allows, so a UTF-8 Subject is encoded even
   * when the original used SMTPUTF8.
   */
  static String encoded(String value) {
    if (isPrintableAscii(value) && words(value).stream().allMatch(word -> word.length() <= LONGEST_WORD)) {
      return value;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    List<String> encodedWords = new ArrayList<>();
    int start = 0;
    while (start < utf8.length) {
      int end = Math.min(utf8.length, start + ENCODED_OCTETS);
      // An encoded-word must hold whole characters (RFC 2047 section 5): never cut a UTF-8 sequence.
      while (end < utf8.length && (utf8[end] & 0xC0) == 0x80) {
        end--;
      }
      byte[] chunk = new byte[end - start];
      System.arraycopy(utf8, start, chunk, 0, chunk.length);
      encodedWords.add("=?UTF-8?B?" + Base64.getEncoder().encodeToString(chunk) + "?=");
      start = end;
    }
    return String.join(" ", encodedWords);
  }

  /**
   * The value for a DSN field (RFC 3464 fields are US-ASCII text): control characters and non-ASCII become
   * {@code ?}, runs of white space one space, and words too long for a line are cut.
   */
  static String ascii(String value) {
    StringBuilder out = new StringBuilder(value.length());
    value.codePoints().forEach(c -> out.append(c == '\t' ? ' ' : c >= ' ' && c < 127 ? (char) c : '?'));
    return String.join(" ", words(out.toString()));
  }

  /**
   * Decodes xtext (RFC 3461 section 4: {@code +XX} for an octet in hex); empty when the text is not valid
   * xtext or decodes to something other than printable ASCII, so the caller can keep it as given.
   */
  static Optional<String> decodeXtext(String xtext) {
    StringBuilder out = new StringBuilder(xtext.length());
    for (int i = 0; i < xtext.length(); i++) {
      char c = xtext.charAt(i);
      if (c == '+') {
        if (i + 2 >= xtext.length() || !isUpperHex(xtext.charAt(i + 1)) || !isUpperHex(xtext.charAt(i + 2))) {
          return Optional.empty();
        }
        out.append((char) Integer.parseInt(xtext.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.append(c);
      }
    }
    String decoded = out.toString();
    return isPrintableAscii(decoded) ? Optional.of(decoded) : Optional.empty();
  }

  /**
   * An address for a DSN address field: {@code rfc822; addr}, or for an address that is not ASCII the
   * {@code utf-8} address type with each non-ASCII character as {@code \x{HEX}} (RFC 6533 section 3,
   * utf-8-addr-xtext), since message/delivery-status is US-ASCII.
   */
  static String addressField(String address) {
    if (isPrintableAscii(address)) {
      return "rfc822; " + address;
    }
    StringBuilder out = new StringBuilder("utf-8; ");
    address.codePoints().forEach(c -> {
      // QCHAR: printable ASCII but space, backslash, '+' and '='; everything else as EmbeddedUnicodeChar.
      if (c > ' ' && c < 127 && c != '\\' && c != '+' && c != '=') {
        out.append((char) c);
      } else {
        out.append("\\x{").append(Integer.toHexString(c).toUpperCase(Locale.ROOT)).append('}');
      }
    });
    return out.toString();
  }

  static boolean isPrintableAscii(String value) {
    return value.chars().allMatch(c -> c >= ' ' && c < 127);
  }

  private static boolean isUpperHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
  }

  /** The words of a value split on white space, each cut to at most {@link #LONGEST_WORD} characters. */
  private static List<String> words(String value) {
    List<String> words = new ArrayList<>();
    for (String word : value.strip().split("[ \t]+")) {
      for (int i = 0; i < word.length(); i += LONGEST_WORD) {
        words.add(word.substring(i, Math.min(word.length(), i + LONGEST_WORD)));
      }
    }
    if (words.isEmpty()) {
      words.add("");
    }
    return words;
  }
}
