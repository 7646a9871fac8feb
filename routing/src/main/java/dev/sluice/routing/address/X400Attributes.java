package dev.sluice.routing.address;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The attributes of an X.400 address or address space (RFC 1685 text form), as lower-case
 * {@code attribute=value} pairs.
 *
 * <p>Immutable and thread-safe. An address space separates its pairs with ';' (as the reference's
 * {@code o=MySite;p=MyOrg;a=adatum;c=us}); an address may also separate them with '/' (as in
 * {@code /c=us/a=adatum/p=MyOrg/o=MySite/}). A space matches an address, as in Exchange, when every
 * pair of the space is present in the address; attribute names and values compare case-insensitively,
 * blanks around them do not count, and the order does not matter.
 */
final class X400Attributes {
  static final String RULE =
      "an X.400 address space is attribute=value pairs separated by ';', as in o=MySite;p=MyOrg;a=adatum;c=us";

  private final String[] pairs;

  private X400Attributes(List<String> pairs) {
    this.pairs = pairs.toArray(String[]::new);
  }

  /** Where the first malformed pair of a space starts, or -1 when every pair is well formed. */
  static int malformedPart(String space) {
    int start = 0;
    while (true) {
      int end = space.indexOf(';', start);
      int partEnd = end < 0 ? space.length() : end;
      if (pair(space, start, partEnd) == null) {
        return start;
      }
      if (end < 0) {
        return -1;
      }
      start = end + 1;
    }
  }

  /** The attributes of a space that {@link #malformedPart} accepts. */
  static X400Attributes ofSpace(String space) {
    X400Attributes attributes = parse(space, false);
    if (attributes == null) {
      throw new IllegalArgumentException(RULE + ": " + space);
    }
    return attributes;
  }

  /** The attributes of an address, or null when it is not attribute=value pairs. */
  static X400Attributes ofAddress(String address) {
    return parse(address, true);
  }

  /** How many pairs: a space with more of them is more specific. */
  int size() {
    return pairs.length;
  }

  /** Whether every pair of {@code space} is present in this address. */
  boolean containsAll(X400Attributes space) {
    for (String wanted : space.pairs) {
      if (!contains(wanted)) {
        return false;
      }
    }
    return true;
  }

  private boolean contains(String pair) {
    for (String present : pairs) {
      if (present.equals(pair)) {
        return true;
      }
    }
    return false;
  }

  private static X400Attributes parse(String text, boolean address) {
    List<String> pairs = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      boolean separator = i == text.length() || text.charAt(i) == ';' || (address && text.charAt(i) == '/');
      if (!separator) {
        continue;
      }
      boolean blank = text.substring(start, i).isBlank();
      if (!(address && blank)) {
        String pair = pair(text, start, i);
        if (pair == null) {
          return null;
        }
        pairs.add(pair);
      }
      start = i + 1;
    }
    return pairs.isEmpty() ? null : new X400Attributes(pairs);
  }

  /** {@code text[from, to)} as a lower-case {@code attribute=value}, or null when it is not one. */
  private static String pair(String text, int from, int to) {
    int equals = text.indexOf('=', from);
    if (equals < 0 || equals >= to) {
      return null;
    }
    String attribute = text.substring(from, equals).strip();
    String value = text.substring(equals + 1, to).strip();
    if (attribute.isEmpty() || value.isEmpty()) {
      return null;
    }
    return (attribute + "=" + value).toLowerCase(Locale.ROOT);
  }
}
