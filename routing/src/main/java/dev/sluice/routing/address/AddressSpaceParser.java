package dev.sluice.routing.address;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads address spaces in every form of Exchange 2007 RTM and SP1:
 * {@code [Local:][Type:]AddressSpace[;Cost]}, optionally double-quoted, in comma-separated lists.
 *
 * <p>Stateless and thread-safe. A bad entry throws {@link AddressSpaceException} naming the entry as
 * written (stripped of surrounding blanks, with its quotes), the 0-based position in it and the rule.
 *
 * <p>Rules: {@code Local:} (any case) scopes the one entry it prefixes, as RTM does. The type is what
 * precedes the first ':' (letters and digits, so that it survives IMCEA encapsulation as
 * {@code IMCEA<TYPE>-}); without one it is SMTP. An SMTP space holds no ';', so its last ';' starts
 * the cost; a non-SMTP space that contains ';' must end with its cost, so there the last ';' part is
 * always the cost and must be an integer. SMTP spaces are RFC 1035 names ({@link DomainName}): the 253
 * character limit applies to the domain after a leading {@code *.}; an internationalized name is held in
 * its A-label form. X.400 spaces are {@code attribute=value} pairs separated by ';' ({@link X400Attributes}).
 */
public final class AddressSpaceParser {
  static final String WILDCARD = "'*' may only stand alone or as the first label '*.'";
  static final String COST =
      "the cost must be an integer from " + AddressSpace.MIN_COST + " to " + AddressSpace.MAX_COST;
  static final String NON_SMTP_COST =
      "a non-SMTP address space that contains ';' must end with its cost, as in 'X400:o=MySite;p=MyOrg;5'";
  static final String TYPE = "the address space type must be letters and digits, as in SMTP, X400 or FAX";
  static final String TYPE_LOCAL = "'Local' is the connector scope, not an address space type";
  static final String EMPTY_SPACE = "the address space must not be empty";
  static final String EMPTY_ENTRY = "an entry must not be empty";
  static final String TEXT = "an address space must not contain a double quote or a control character";
  static final String QUOTE_UNTERMINATED = "the double quote opened here is not closed";
  static final String QUOTE_PLACE = "a double quote may only enclose a whole entry";

  private static final String LOCAL_PREFIX = "Local:";

  private AddressSpaceParser() {}

  /** Parses one entry in any of Exchange's forms; quotes are allowed, commas need none. */
  public static AddressSpace parse(String entry) {
    Objects.requireNonNull(entry, "address space entry must be given");
    return parseEntry(entry, 0, entry.length());
  }

  /** Parses a comma-separated list; commas inside double quotes do not split. Blank text is an empty list. */
  public static List<AddressSpace> parseList(String text) {
    Objects.requireNonNull(text, "address space list must be given (use an empty string)");
    if (text.isBlank()) {
      return List.of();
    }
    List<AddressSpace> spaces = new ArrayList<>();
    int start = 0;
    int openQuote = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        openQuote = openQuote < 0 ? i : -1;
      } else if (c == ',' && openQuote < 0) {
        spaces.add(parseEntry(text, start, i));
        start = i + 1;
      }
    }
    if (openQuote >= 0) {
      int entryStart = skipBlanks(text, start, text.length());
      throw new AddressSpaceException(text.substring(entryStart).strip(), openQuote - entryStart, QUOTE_UNTERMINATED);
    }
    spaces.add(parseEntry(text, start, text.length()));
    return List.copyOf(spaces);
  }

  /** Validates an SMTP space and returns it in lower case A-label form. */
  public static String normalizeSmtpAddress(String address) {
    Objects.requireNonNull(address, "SMTP address space must be given");
    return normalizeSmtp(address, address, 0);
  }

  private static AddressSpace parseEntry(String text, int from, int to) {
    int start = skipBlanks(text, from, to);
    int end = to;
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    String entry = text.substring(start, end);
    if (entry.isEmpty()) {
      throw new AddressSpaceException(entry, 0, EMPTY_ENTRY);
    }
    int innerStart = 0;
    int innerEnd = entry.length();
    if (entry.charAt(0) == '"') {
      int close = entry.indexOf('"', 1);
      if (close < 0) {
        throw new AddressSpaceException(entry, 0, QUOTE_UNTERMINATED);
      }
      if (close != entry.length() - 1) {
        throw new AddressSpaceException(entry, close + 1, QUOTE_PLACE);
      }
      innerStart = skipBlanks(entry, 1, close);
      innerEnd = close;
      while (innerEnd > innerStart && Character.isWhitespace(entry.charAt(innerEnd - 1))) {
        innerEnd--;
      }
    } else if (entry.indexOf('"') >= 0) {
      throw new AddressSpaceException(entry, entry.indexOf('"'), QUOTE_PLACE);
    }
    return parseInner(entry, innerStart, innerEnd);
  }

  private static AddressSpace parseInner(String entry, int from, int to) {
    boolean local = entry.regionMatches(true, from, LOCAL_PREFIX, 0, LOCAL_PREFIX.length());
    int start = local ? from + LOCAL_PREFIX.length() : from;
    int colon = entry.indexOf(':', start);
    String type = AddressSpace.SMTP;
    if (colon >= 0 && colon < to) {
      type = checkType(entry.substring(start, colon), entry, start);
      start = colon + 1;
    }
    boolean smtp = type.equals(AddressSpace.SMTP);
    int semicolon = entry.lastIndexOf(';', to - 1);
    int cost = AddressSpace.DEFAULT_COST;
    int spaceEnd = to;
    if (semicolon >= start) {
      cost = parseCost(entry, semicolon + 1, to, smtp);
      spaceEnd = semicolon;
    }
    String space = entry.substring(start, spaceEnd);
    String address = smtp ? normalizeSmtp(space, entry, start) : checkNonSmtp(type, space, entry, start);
    return new AddressSpace(local, type, address, cost);
  }

  private static int parseCost(String entry, int from, int to, boolean smtp) {
    String text = entry.substring(from, to);
    boolean digits = !text.isEmpty() && text.length() <= 3 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!digits) {
      throw new AddressSpaceException(entry, from, smtp ? COST + ", not '" + text + "'" : NON_SMTP_COST);
    }
    int cost = Integer.parseInt(text);
    if (cost < AddressSpace.MIN_COST || cost > AddressSpace.MAX_COST) {
      throw new AddressSpaceException(entry, from, COST + ", not " + cost);
    }
    return cost;
  }

  /** The type in upper case; positions are reported from {@code offset} in {@code entry}. */
  static String checkType(String type, String entry, int offset) {
    for (int i = 0; i < type.length(); i++) {
      char c = type.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        throw new AddressSpaceException(entry, offset + i, TYPE);
      }
    }
    if (type.isEmpty()) {
      throw new AddressSpaceException(entry, offset, TYPE);
    }
    if (type.equalsIgnoreCase("Local")) {
      throw new AddressSpaceException(entry, offset, TYPE_LOCAL);
    }
    return type.toUpperCase(Locale.ROOT);
  }

  /** A valid non-SMTP space, as given; positions are reported from {@code offset} in {@code entry}. */
  static String checkNonSmtp(String type, String address, String entry, int offset) {
    if (address.isBlank()) {
      throw new AddressSpaceException(entry, offset, EMPTY_SPACE);
    }
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (c == '"' || Character.isISOControl(c)) {
        throw new AddressSpaceException(entry, offset + i, TEXT);
      }
    }
    if (type.equals(AddressSpace.X400)) {
      int bad = X400Attributes.malformedPart(address);
      if (bad >= 0) {
        throw new AddressSpaceException(entry, offset + bad, X400Attributes.RULE);
      }
    }
    return address;
  }

  /** A valid SMTP space in lower-case A-label form; positions are reported from {@code offset} in {@code entry}. */
  static String normalizeSmtp(String address, String entry, int offset) {
    if (address.equals("*") || address.equals(AddressSpace.ORGANIZATION_DOMAINS)) {
      return address;
    }
    int start = address.startsWith("*.") ? 2 : 0;
    int star = address.indexOf('*', start);
    if (star >= 0) {
      throw new AddressSpaceException(entry, offset + star, WILDCARD);
    }
    int end = address.endsWith(".") ? address.length() - 1 : address.length();
    String domain = address.substring(start, Math.max(start, end));
    String ascii = domain.chars().allMatch(c -> c < 0x80) ? domain : toAscii(domain, entry, offset + start);
    checkLabels(ascii, entry, ascii == domain ? offset + start : -1, offset + start);
    return address.substring(0, start) + ascii.toLowerCase(Locale.ROOT);
  }

  private static String toAscii(String domain, String entry, int offset) {
    try {
      return IDN.toASCII(domain);
    } catch (IllegalArgumentException e) {
      throw new AddressSpaceException(entry, offset, DomainName.IDN_FORM + " (" + e.getMessage() + ")");
    }
  }

  /**
   * Checks every label of an ASCII name. {@code exactOffset} is where the name starts in the entry when
   * positions map one to one (-1 after IDN conversion: then errors point at {@code nameOffset}).
   */
  private static void checkLabels(String name, String entry, int exactOffset, int nameOffset) {
    int start = 0;
    while (true) {
      int dot = name.indexOf('.', start);
      int end = dot < 0 ? name.length() : dot;
      String rule = DomainName.labelViolation(name, start, end);
      if (rule != null) {
        int at = start;
        while (rule == DomainName.LABEL_CHARACTERS && DomainName.isLabelChar(name.charAt(at))) {
          at++;
        }
        throw new AddressSpaceException(entry, exactOffset < 0 ? nameOffset : exactOffset + at, rule);
      }
      if (dot < 0) {
        break;
      }
      start = dot + 1;
    }
    if (name.length() > DomainName.MAX_LENGTH) {
      int at = exactOffset < 0 ? nameOffset : exactOffset + DomainName.MAX_LENGTH;
      throw new AddressSpaceException(entry, at, DomainName.NAME_LENGTH + ", not " + name.length());
    }
  }

  private static int skipBlanks(String text, int from, int to) {
    while (from < to && Character.isWhitespace(text.charAt(from))) {
      from++;
    }
    return from;
  }
}
