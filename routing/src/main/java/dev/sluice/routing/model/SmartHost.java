package dev.sluice.routing.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A smart host of a Send connector: a host name or an IP literal, with an optional port that overrides
 * the connector's port; or {@code --}, which on the EdgeSync inbound connector stands for the live hubs
 * of the subscribed site.
 *
 * <p>Text forms: {@code mail.example.com}, {@code mail.example.com:2525}, {@code [192.0.2.1]},
 * {@code [192.0.2.1]:2525}, {@code [2001:db8::1]}, {@code [2001:db8::1]:587}, {@code --}. Parsing an IP
 * literal never looks anything up.
 *
 * @param host the lower-case host name, or the address of an IP literal (without brackets)
 * @param kind what {@code host} is
 * @param port the port that overrides the connector's, when given
 */
public record SmartHost(String host, Kind kind, OptionalInt port) {
  /** What the host part of a smart host is. */
  public enum Kind {
    NAME,
    IPV4,
    IPV6,
    /** {@code --}: the live hubs of the Edge's subscribed site. */
    ORGANIZATION_HUBS
  }

  public static final SmartHost ORGANIZATION_HUBS = new SmartHost("--", Kind.ORGANIZATION_HUBS, OptionalInt.empty());

  private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  public SmartHost {
    host = Names.requireName(host, "smart host");
    if (kind == null) {
      throw new IllegalArgumentException("kind of smart host " + host + " must be given");
    }
    if (port == null) {
      port = OptionalInt.empty();
    }
    if (port.isPresent()) {
      Names.requireRange(port.getAsInt(), 1, 65_535, "port of smart host " + host);
    }
  }

  /** Parses one smart host; the message of a failure names the entry and what form it should take. */
  public static SmartHost parse(String text) {
    String t = Names.requireName(text, "smart host");
    if (t.equals("--")) {
      return ORGANIZATION_HUBS;
    }
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        throw bad(text, "an IP literal needs its closing ']'");
      }
      String address = t.substring(1, close);
      OptionalInt port = parsePort(text, t.substring(close + 1));
      if (IPV4.matcher(address).matches()) {
        return new SmartHost(address, Kind.IPV4, port);
      }
      String v6 = address.regionMatches(true, 0, "IPv6:", 0, 5) ? address.substring(5) : address;
      if (v6.contains(":") && isIpv6(v6)) {
        return new SmartHost(v6.toLowerCase(Locale.ROOT), Kind.IPV6, port);
      }
      throw bad(text, "'" + address + "' is not an IPv4 or IPv6 address");
    }
    int colon = t.indexOf(':');
    if (colon >= 0 && colon != t.lastIndexOf(':')) {
      throw bad(text, "write an IPv6 address in brackets, as [2001:db8::1] or [2001:db8::1]:25");
    }
    String name = colon < 0 ? t : t.substring(0, colon);
    OptionalInt port = colon < 0 ? OptionalInt.empty() : parsePort(text, t.substring(colon));
    if (IPV4.matcher(name).matches()) {
      return new SmartHost(name, Kind.IPV4, port);
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".")) {
      lower = lower.substring(0, lower.length() - 1);
    }
    if (lower.isEmpty() || lower.length() > 253) {
      throw bad(text, "a host name has 1 to 253 characters");
    }
    for (String label : lower.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        throw bad(
            text,
            "label '" + label + "' must be 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen"
                + " (write an IP address as [192.0.2.1] or [2001:db8::1])");
      }
    }
    String last = lower.substring(lower.lastIndexOf('.') + 1);
    if (last.chars().allMatch(Character::isDigit)) {
      // RFC 1123 2.1: a top-level label is never all digits, so this was meant as an address.
      throw bad(
          text,
          lower.matches("\\d+(\\.\\d+){3}")
              ? "'" + name + "' is not an IPv4 address (each part is 0 to 255)"
              : "'" + name + "' is no host name, as its last label must not be all digits");
    }
    return new SmartHost(lower, Kind.NAME, port);
  }

  private static OptionalInt parsePort(String text, String rest) {
    if (rest.isEmpty()) {
      return OptionalInt.empty();
    }
    if (!rest.startsWith(":") || !rest.substring(1).matches("\\d{1,5}")) {
      throw bad(text, "a port follows the host as ':25'");
    }
    int port = Integer.parseInt(rest.substring(1));
    if (port < 1 || port > 65_535) {
      throw bad(text, "port " + port + " is outside 1 to 65535");
    }
    return OptionalInt.of(port);
  }

  private static boolean isIpv6(String text) {
    if (!text.matches("[0-9A-Fa-f:.]+")) {
      return false;
    }
    try {
      // In brackets the JDK parses an IPv6 literal or fails; it never reaches a resolver. It turns an
      // IPv4-mapped address (::ffff:192.0.2.1) into an Inet4Address: still a valid IPv6 literal.
      InetAddress.getByName("[" + text + "]");
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException("smart host '" + text + "' is invalid: " + why);
  }

  public boolean isIpLiteral() {
    return kind == Kind.IPV4 || kind == Kind.IPV6;
  }

  /** The port to connect to: this host's own, else the connector's. */
  public int portOr(int connectorPort) {
    return port.orElse(connectorPort);
  }

  /** The text form, which {@link #parse} reads back. */
  @Override
  public String toString() {
    String base =
        switch (kind) {
          case NAME, ORGANIZATION_HUBS -> host;
          case IPV4, IPV6 -> "[" + host + "]";
        };
    return port.isPresent() ? base + ":" + port.getAsInt() : base;
  }
}
