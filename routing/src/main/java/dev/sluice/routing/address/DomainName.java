package dev.sluice.routing.address;

import java.net.IDN;
import java.util.Locale;

/**
 * The RFC 1035 rules for a domain name, shared by the address space parser (which reports the rule a
 * name breaks) and the index's hot path (which only needs to know whether a recipient domain is valid).
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
   * The recipient domain {@code text[from, to)} in lower-case A-label form without its trailing dot,
   * or null when it is not a valid domain name. Allocation-free when the domain is already canonical
   * but for the one substring the caller needs anyway.
   */
  static String canonicalOrNull(String text, int from, int to) {
    if (to > from && text.charAt(to - 1) == '.') {
      to--;
    }
    boolean upper = false;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return internationalOrNull(text.substring(from, to));
      }
      upper |= c >= 'A' && c <= 'Z';
    }
    String domain = text.substring(from, to);
    if (upper) {
      domain = domain.toLowerCase(Locale.ROOT);
    }
    return isValid(domain) ? domain : null;
  }

  private static String internationalOrNull(String domain) {
    try {
      String ascii = IDN.toASCII(domain).toLowerCase(Locale.ROOT);
      return isValid(ascii) ? ascii : null;
    } catch (IllegalArgumentException notConvertible) {
      return null;
    }
  }

  /** Whether an ASCII name (no trailing dot) is a valid domain name. */
  static boolean isValid(String name) {
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      return false;
    }
    int start = 0;
    for (int dot = name.indexOf('.'); ; dot = name.indexOf('.', start)) {
      int end = dot < 0 ? name.length() : dot;
      if (labelViolation(name, start, end) != null) {
        return false;
      }
      if (dot < 0) {
        return true;
      }
      start = dot + 1;
    }
  }

  /** How many labels a valid name has. */
  static int labelCount(String name) {
    int count = 1;
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) == '.') {
        count++;
      }
    }
    return count;
  }
}
