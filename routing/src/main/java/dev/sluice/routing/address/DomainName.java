package dev.sluice.routing.address;

import java.net.IDN;
import java.util.Locale;

/**
 * The RFC 1035 rules for a domain name, as the address space parser reports them, and the A-label
 * conversion of internationalized names; {@link DomainTable#lookup} applies the same rules fused into
 * its walk.
 *
 * <p>Stateless and thread-safe. Names are compared in their lower-case A-label form (RFC 5890), so an
 * internationalized name is converted once with {@link IDN#toASCII(String)}.
 */
final class DomainName {
  static final int MAX_LENGTH = 253;
  static final int MAX_LABEL_LENGTH = 63;

  static final String LABEL_LENGTH = "a label must be 1 to " + MAX_LABEL_LENGTH + " characters";
  static final String LABEL_CHARACTERS = "a label may hold only letters, digits and hyphens";
  static final String LABEL_HYPHEN = "a label must not begin or end with a hyphen";
  static final String NAME_LENGTH = "a domain name must be at most " + MAX_LENGTH + " characters";
  static final String IDN_FORM = "an internationalized name must convert to its A-label form";

  private DomainName() {}

  /**
   * The rule that the label {@code name[from, to)} breaks, or null when it is a valid A-label. Upper
   * case letters are accepted: callers lower-case the whole name.
   */
  static String labelViolation(String name, int from, int to) {
    int length = to - from;
    if (length < 1 || length > MAX_LABEL_LENGTH) {
      return LABEL_LENGTH;
    }
    for (int i = from; i < to; i++) {
      if (!isLabelChar(name.charAt(i))) {
        return LABEL_CHARACTERS;
      }
    }
    return name.charAt(from) == '-' || name.charAt(to - 1) == '-' ? LABEL_HYPHEN : null;
  }

  static boolean isLabelChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || (c >= 'A' && c <= 'Z');
  }

  /**
   * The A-label form of the internationalized domain {@code text[from, to)}, or null when it holds
   * only ASCII (nothing to convert) or does not convert. The result is still to be validated.
   */
  static String toAsciiOrNull(String text, int from, int to) {
    int i = from;
    while (i < to && text.charAt(i) < 0x80) {
      i++;
    }
    if (i == to) {
      return null;
    }
    try {
      return IDN.toASCII(text.substring(from, to)).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException notConvertible) {
      return null;
    }
  }
}
