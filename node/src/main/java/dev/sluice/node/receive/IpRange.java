package dev.sluice.node.receive;

import dev.sluice.routing.model.ReceiveConnector.RemoteIpRange;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A remote IP range of a Receive connector as numbers: one address, a CIDR block ({@code 10.0.0.0/8})
 * or a range {@code first-last}, IPv4 or IPv6, as Exchange writes them.
 *
 * <p>Immutable. IPv4 and IPv6 ranges never contain each other's addresses (an IPv4-mapped IPv6 address
 * is taken as its IPv4 address). {@link #size} orders ranges by specificity: the smaller one wins.
 */
public record IpRange(boolean ipv6, BigInteger first, BigInteger last) {
  private static final java.util.regex.Pattern LITERAL = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]+");

  public IpRange {
    Objects.requireNonNull(first, "first address of a range must be given");
    Objects.requireNonNull(last, "last address of a range must be given");
    if (first.compareTo(last) > 0) {
      throw new IllegalArgumentException("range " + first + "-" + last + " ends before it starts");
    }
  }

  /** Parses the text of {@code range}. */
  public static IpRange of(RemoteIpRange range) {
    return parse(range.text());
  }

  /** Parses {@code 192.0.2.1}, {@code 192.0.2.0/24}, {@code 192.0.2.10-192.0.2.20}, or their IPv6 forms. */
  public static IpRange parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    int dash = t.indexOf('-');
    if (slash >= 0) {
      InetAddress base = address(t.substring(0, slash), text);
      int bits = base.getAddress().length * 8;
      int prefix;
      try {
        prefix = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("remote IP range '" + text + "' has no numeric prefix length");
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("remote IP range '" + text + "': the prefix must be 0 to " + bits);
      }
      BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
      BigInteger first = number(base).andNot(hostMask);
      return new IpRange(bits == 128, first, first.or(hostMask));
    }
    if (dash >= 0) {
      InetAddress a = address(t.substring(0, dash), text);
      InetAddress b = address(t.substring(dash + 1), text);
      if (a.getAddress().length != b.getAddress().length) {
        throw new IllegalArgumentException("remote IP range '" + text + "' mixes IPv4 and IPv6");
      }
      if (number(a).compareTo(number(b)) > 0) {
        throw new IllegalArgumentException("remote IP range '" + text + "' ends before it starts");
      }
      return new IpRange(a.getAddress().length == 16, number(a), number(b));
    }
    InetAddress one = address(t, text);
    return new IpRange(one.getAddress().length == 16, number(one), number(one));
  }

  /** Whether {@code address} lies in this range. */
  public boolean contains(InetAddress address) {
    boolean v6 = address.getAddress().length == 16;
    if (v6 != ipv6) {
      return false;
    }
    BigInteger n = number(address);
    return n.compareTo(first) >= 0 && n.compareTo(last) <= 0;
  }

  /** How many addresses it holds: the smaller, the more specific. */
  public BigInteger size() {
    return last.subtract(first).add(BigInteger.ONE);
  }

  private static BigInteger number(InetAddress address) {
    return new BigInteger(1, address.getAddress());
  }

  /** Whether {@code text} has only the characters of an IP literal (so that no DNS lookup is made for it). */
  static boolean isLiteral(String text) {
    return LITERAL.matcher(text).matches();
  }

  private static InetAddress address(String literal, String whole) {
    String s = literal.strip();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    // Literals only: InetAddress.getByName would look a name up in DNS.
    if (!LITERAL.matcher(s).matches()) {
      throw new IllegalArgumentException("remote IP range '" + whole + "': '" + literal + "' is not an IP address");
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("remote IP range '" + whole + "': '" + literal + "' is not an IP address", e);
    }
  }
}
