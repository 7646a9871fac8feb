package dev.sluice.routing.address;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Exchange's IMCEA encapsulation of a non-SMTP address in an SMTP address:
 * {@code IMCEA<TYPE>-<encoded address>@<domain>}.
 *
 * <p>Stateless and thread-safe. The encoding writes '/' as '_', and '_', '+' and every character that
 * may not stand in an RFC 5321 dot-atom local part as {@code +XX}, the two hex digits of each of its
 * UTF-8 bytes. The decoder is lenient, as Exchange is: characters left unencoded (such as the ';' of
 * {@code IMCEAX400-c=us;a=adatum@contoso.com}) stand for themselves. A recipient that is not
 * encapsulated, or whose {@code +XX} escapes are malformed, decodes to nothing and never throws.
 */
public final class Imcea {
  private static final String PREFIX = "IMCEA";
  private static final String ATEXT_SYMBOLS = "!#$%&'*-=?^`{|}~";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Imcea() {}

  /** Whether the recipient looks encapsulated: cheap enough for the routing hot path. */
  static boolean hasPrefix(String recipient) {
    return recipient.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  /** The non-SMTP address inside {@code recipient}, if it is one. */
  public static Optional<EncapsulatedAddress> decode(String recipient) {
    int at = recipient.lastIndexOf('@');
    if (at < 0 || !hasPrefix(recipient)) {
      return Optional.empty();
    }
    int dash = PREFIX.length();
    while (dash < at && Character.isLetterOrDigit(recipient.charAt(dash)) && recipient.charAt(dash) < 0x80) {
      dash++;
    }
    if (dash == PREFIX.length() || dash >= at - 1 || recipient.charAt(dash) != '-') {
      return Optional.empty();
    }
    String address = decodeAddress(recipient, dash + 1, at);
    if (address == null) {
      return Optional.empty();
    }
    return Optional.of(
        new EncapsulatedAddress(recipient.substring(PREFIX.length(), dash), address, recipient.substring(at + 1)));
  }

  /** The SMTP address that carries {@code address} of {@code type} to {@code domain}. */
  public static String encode(String type, String address, String domain) {
    StringBuilder out = new StringBuilder(PREFIX).append(type.toUpperCase(Locale.ROOT)).append('-');
    byte[] bytes = address.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xFF;
      boolean dotInside = b == '.' && i > 0 && i < bytes.length - 1 && bytes[i - 1] != '.';
      if (b == '/') {
        out.append('_');
      } else if (isPlain(b) || dotInside) {
        out.append((char) b);
      } else {
        out.append('+').append(HEX[b >> 4]).append(HEX[b & 0xF]);
      }
    }
    return out.append('@').append(domain).toString();
  }

  private static boolean isPlain(int b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || ATEXT_SYMBOLS.indexOf(b) >= 0;
  }

  private static int hexDigit(char c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }

  /** The decoded text of {@code s[from, to)}, or null when an escape is malformed or the bytes are not UTF-8. */
  private static String decodeAddress(String s, int from, int to) {
    ByteBuffer bytes = ByteBuffer.allocate((to - from) * 4);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '+') {
        int high = i + 2 < to ? hexDigit(s.charAt(i + 1)) : -1;
        int low = high < 0 ? -1 : hexDigit(s.charAt(i + 2));
        if (low < 0) {
          return null;
        }
        bytes.put((byte) (high * 16 + low));
        i += 2;
      } else if (c == '_') {
        bytes.put((byte) '/');
      } else if (c < 0x80) {
        bytes.put((byte) c);
      } else {
        int codePoint = s.codePointAt(i);
        bytes.put(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(codePoint) - 1;
      }
    }
    bytes.flip();
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException notUtf8) {
      return null;
    }
  }
}
