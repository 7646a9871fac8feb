package dev.sluice.node.smtp.receive;

import java.util.Optional;

/**
 * Reads the path of MAIL FROM and RCPT TO (RFC 5321 section 4.1.2): {@code <local@domain>}, a quoted local
 * part, an address literal, an optional source route (read and dropped, section 4.1.1.3 and Appendix C),
 * and for the sender the null path {@code <>}.
 *
 * <p>A path is at most 256 octets with its brackets (section 4.5.3.1.3) and a domain 255, a label 63; a
 * local part may be longer than the 64 of section 4.5.3.1.1, because real senders exceed it (catalogue
 * row 15). {@code u%x@y} and {@code x!u@y} are valid local parts and stay local parts: nothing here reads
 * them as routes, so no sender-specified routing is ever honoured (row 18). Non-ASCII is refused as a
 * separate outcome, since SMTPUTF8 is not offered (row 21). Stateless.
 */
public final class PathParser {
  /** RFC 5321 section 4.5.3.1.3, with the angle brackets. */
  public static final int MAX_PATH = 256;
  private static final int MAX_DOMAIN = 255;
  private static final int MAX_LABEL = 63;

  /** Why a path was refused. */
  public enum Failure { SYNTAX, ADDRESS, NON_ASCII }

  /** A parsed path: the mailbox (empty for {@code <>}) and the text after the closing bracket. */
  public record Parsed(Optional<Mailbox> mailbox, String rest) {}

  /** A parse outcome: a path or a failure. */
  public sealed interface Result {
    record Ok(Parsed parsed) implements Result {}
    record Refused(Failure failure) implements Result {}
  }

  private PathParser() {}

  /** Parses {@code text}, which must start with {@code <}; {@code nullAllowed} for the reverse path. */
  public static Result parse(String text, boolean nullAllowed) {
    if (!text.startsWith("<")) {
      return new Result.Refused(Failure.SYNTAX);
    }
    int close = closingBracket(text);
    if (close < 0) {
      return new Result.Refused(Failure.SYNTAX);
    }
    String path = text.substring(1, close);
    String rest = text.substring(close + 1);
    if (!rest.isEmpty() && rest.charAt(0) != ' ') {
      return new Result.Refused(Failure.SYNTAX);
    }
    if (!isAscii(path)) {
      return new Result.Refused(Failure.NON_ASCII);
    }
    if (close + 1 > MAX_PATH) {
      return new Result.Refused(Failure.ADDRESS);
    }
    if (path.isEmpty()) {
      return nullAllowed ? new Result.Ok(new Parsed(Optional.empty(), rest.trim())) : new Result.Refused(Failure.ADDRESS);
    }
    Optional<Mailbox> mailbox = mailbox(stripSourceRoute(path));
    return mailbox.<Result>map(m -> new Result.Ok(new Parsed(Optional.of(m), rest.trim())))
        .orElse(new Result.Refused(Failure.ADDRESS));
  }

  // The first '>' outside a quoted string closes the path.
  private static int closingBracket(String text) {
    boolean quoted = false;
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '>' && !quoted) {
        return i;
      }
    }
    return -1;
  }

  // "@a,@b:u@d" -> "u@d"; a malformed route is left in place and fails as a mailbox.
  private static String stripSourceRoute(String path) {
    if (!path.startsWith("@")) {
      return path;
    }
    int colon = path.indexOf(':');
    if (colon < 0) {
      return path;
    }
    for (String hop : path.substring(0, colon).split(",", -1)) {
      if (!hop.startsWith("@") || !Domains.isDomain(hop.substring(1), false)) {
        return path;
      }
    }
    return path.substring(colon + 1);
  }

  private static Optional<Mailbox> mailbox(String text) {
    int at = localPartEnd(text);
    if (at < 0) {
      return text.equalsIgnoreCase("postmaster") ? Optional.of(new Mailbox(text, "")) : Optional.empty();
    }
    String local = text.substring(0, at);
    String domain = text.substring(at + 1);
    if (!isLocalPart(local)) {
      return Optional.empty();
    }
    boolean valid = domain.startsWith("[") ? Domains.isAddressLiteral(domain) : Domains.isDomain(domain, false);
    return valid && domain.length() <= MAX_DOMAIN ? Optional.of(new Mailbox(local, domain)) : Optional.empty();
  }

  // Index of the '@' that ends the local part, skipping a quoted string; -1 if none.
  private static int localPartEnd(String text) {
    if (text.startsWith("\"")) {
      for (int i = 1; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          return i + 1 < text.length() && text.charAt(i + 1) == '@' ? i + 1 : -1;
        }
      }
      return -1;
    }
    return text.indexOf('@');
  }

  private static boolean isLocalPart(String local) {
    if (local.isEmpty()) {
      return false;
    }
    if (local.startsWith("\"")) {
      return isQuotedString(local);
    }
    for (String atom : local.split("\\.", -1)) {
      if (atom.isEmpty() || !atom.chars().allMatch(PathParser::isAtext)) {
        return false;
      }
    }
    return true;
  }

  // RFC 5321: qtextSMTP is %d32-33 / %d35-91 / %d93-126, quoted-pairSMTP is "\" %d32-126.
  private static boolean isQuotedString(String text) {
    if (text.length() < 2 || !text.endsWith("\"")) {
      return false;
    }
    for (int i = 1; i < text.length() - 1; i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        if (++i >= text.length() - 1 || text.charAt(i) < 32 || text.charAt(i) > 126) {
          return false;
        }
      } else if (c < 32 || c > 126 || c == '"') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAtext(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
  }

  static boolean isAscii(String text) {
    return text.chars().allMatch(c -> c < 128);
  }

  /** Domain and address-literal syntax, shared with EHLO. */
  static final class Domains {
    private Domains() {}

    /** RFC 5321 Domain: sub-domains of letters, digits and inner hyphens; {@code underscore} for EHLO names. */
    static boolean isDomain(String domain, boolean underscore) {
      if (domain.isEmpty() || domain.length() > MAX_DOMAIN) {
        return false;
      }
      for (String label : domain.split("\\.", -1)) {
        if (label.isEmpty() || label.length() > MAX_LABEL || label.startsWith("-") || label.endsWith("-")) {
          return false;
        }
        for (int i = 0; i < label.length(); i++) {
          char c = label.charAt(i);
          boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
              || (underscore && c == '_');
          if (!ok) {
            return false;
          }
        }
      }
      return true;
    }

    /** {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}; general address literals are not taken. */
    static boolean isAddressLiteral(String text) {
      if (text.length() < 3 || !text.startsWith("[") || !text.endsWith("]")) {
        return false;
      }
      String inner = text.substring(1, text.length() - 1);
      if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
        return isIpv6(inner.substring(5));
      }
      return isIpv4(inner);
    }

    static boolean isIpv4(String text) {
      String[] parts = text.split("\\.", -1);
      if (parts.length != 4) {
        return false;
      }
      for (String part : parts) {
        if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
            || Integer.parseInt(part) > 255) {
          return false;
        }
      }
      return true;
    }

    // RFC 5321 IPv6-addr: full, compressed ("::" once), optionally ending in an IPv4 address.
    static boolean isIpv6(String text) {
      int groupsAllowed = 8;
      int lastColon = text.lastIndexOf(':');
      if (lastColon >= 0 && text.indexOf('.', lastColon) > 0) {
        if (!isIpv4(text.substring(lastColon + 1))) {
          return false;
        }
        text = text.substring(0, lastColon + 1) + "0";
        groupsAllowed = 7;
      }
      int compressed = text.indexOf("::");
      if (compressed >= 0 && text.indexOf("::", compressed + 1) >= 0) {
        return false;
      }
      String[] halves = compressed >= 0
          ? new String[] {text.substring(0, compressed), text.substring(compressed + 2)}
          : new String[] {text};
      int groups = 0;
      for (String half : halves) {
        if (half.isEmpty()) {
          continue;
        }
        for (String group : half.split(":", -1)) {
          if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return false;
          }
          groups++;
        }
      }
      return compressed >= 0 ? groups < groupsAllowed : groups == groupsAllowed;
    }
  }
}
