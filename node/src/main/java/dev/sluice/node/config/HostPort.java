package dev.sluice.node.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A host and a port, as configuration writes them: {@code 127.0.0.1:2525}, {@code mail.contoso.com:25},
 * {@code [::1]:25}.
 *
 * <p>Immutable. Parsing never resolves a name: a host is a host name, an IPv4 address or a bracketed IPv6
 * literal, checked by its shape alone. Port 0 is allowed (a listener then takes a free port); the keys
 * that connect somewhere refuse it.
 *
 * @param host a host name or an IP address, an IPv6 address without its brackets
 * @param port 0 to 65535
 */
public record HostPort(String host, int port) {
  private static final Pattern HOST_NAME =
      Pattern.compile("(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.)*[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.?");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]+)?");
  private static final Pattern PORT = Pattern.compile("\\d{1,5}");

  public HostPort {
    if (host == null || !(HOST_NAME.matcher(host).matches() || isIpv6(host))) {
      throw new IllegalArgumentException("'" + host + "' is not a host name or an IP address");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("the port must be between 0 and 65535, not " + port);
    }
    host = host.toLowerCase(Locale.ROOT);
  }

  /** Parses {@code host:port} or {@code [ipv6]:port}. */
  public static HostPort parse(String text) {
    return parse(text, -1);
  }

  /**
   * Parses {@code host:port}, {@code [ipv6]:port}, or a host alone (an IPv6 address with or without brackets)
   * when {@code defaultPort} is not negative.
   */
  public static HostPort parse(String text, int defaultPort) {
    String t = text == null ? "" : text.strip();
    String host;
    String port = null;
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        throw notHostPort(text, "the '[' of an IPv6 address has no ']'");
      }
      host = t.substring(1, close);
      String rest = t.substring(close + 1);
      if (rest.startsWith(":")) {
        port = rest.substring(1);
      } else if (!rest.isEmpty()) {
        throw notHostPort(text, null);
      }
    } else if (t.indexOf(':') != t.lastIndexOf(':')) {
      if (defaultPort < 0 || !isIpv6(t)) {
        throw notHostPort(text, "write an IPv6 address in brackets, as [::1]:25");
      }
      host = t;
    } else {
      int colon = t.indexOf(':');
      host = colon < 0 ? t : t.substring(0, colon);
      port = colon < 0 ? null : t.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw notHostPort(text, "it has no host");
    }
    if (port == null && defaultPort < 0) {
      throw notHostPort(text, null);
    }
    if (port != null && !PORT.matcher(port).matches()) {
      throw notHostPort(text, "'" + port + "' is not a port number");
    }
    try {
      return new HostPort(host, port == null ? defaultPort : Integer.parseInt(port));
    } catch (IllegalArgumentException e) {
      throw notHostPort(text, e.getMessage());
    }
  }

  /** Whether {@code text} has the shape of a host name (letters, digits, '-' and '_' in dot-separated labels). */
  static boolean isHostName(String text) {
    return HOST_NAME.matcher(text).matches();
  }

  /** Whether the host is an IPv6 literal. */
  public boolean isIpv6() {
    return host.indexOf(':') >= 0;
  }

  /** The text form {@link #parse} reads back: IPv6 hosts in brackets. */
  @Override
  public String toString() {
    return (isIpv6() ? "[" + host + "]" : host) + ":" + port;
  }

  private static boolean isIpv6(String host) {
    if (host.indexOf(':') < 0 || !IPV6.matcher(host).matches()) {
      return false;
    }
    try {
      // A text holding ':' is parsed as an IPv6 literal, never looked up in DNS.
      return InetAddress.getByName(host) != null;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static IllegalArgumentException notHostPort(String text, String reason) {
    return new IllegalArgumentException("'" + text + "' is not host:port" + (reason == null ? "" : ": " + reason));
  }
}
