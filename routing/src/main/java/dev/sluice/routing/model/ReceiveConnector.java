package dev.sluice.routing.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Receive connector of one server: where it listens, whom it serves and with what rights and limits.
 *
 * <p>A connection is served by the connector of the server with the most specific match of binding
 * and remote IP range, as in Exchange; that matching lives with the SMTP server, this is the data.
 *
 * @param server the transport server it belongs to
 * @param name unique among the server's Receive connectors
 * @param bindings the local addresses and ports it listens on
 * @param remoteIpRanges the remote addresses it serves
 * @param authMechanisms what it offers for authentication
 * @param permissionGroups who gets which rights on it
 * @param fqdn the name in its banner and EHLO reply; empty means the server's FQDN
 * @param enabled a disabled connector does not listen
 * @param limits its limits, Exchange 2007's by default
 */
public record ReceiveConnector(
    String server,
    String name,
    List<Binding> bindings,
    List<RemoteIpRange> remoteIpRanges,
    Set<ReceiveAuthMechanism> authMechanisms,
    Set<PermissionGroup> permissionGroups,
    Optional<String> fqdn,
    boolean enabled,
    ReceiveLimits limits) {

  public ReceiveConnector {
    server = Names.requireName(server, "server of the Receive connector");
    name = Names.requireName(name, "Receive connector name");
    bindings = Names.copyOf(bindings, "bindings of Receive connector " + name);
    if (bindings.isEmpty()) {
      throw new IllegalArgumentException("Receive connector " + name + " needs at least one binding, such as 0.0.0.0:25");
    }
    remoteIpRanges = Names.copyOf(remoteIpRanges, "remote IP ranges of Receive connector " + name);
    if (remoteIpRanges.isEmpty()) {
      throw new IllegalArgumentException(
          "Receive connector " + name + " needs at least one remote IP range, such as 0.0.0.0-255.255.255.255");
    }
    authMechanisms = Names.copyOf(authMechanisms, "authentication mechanisms of Receive connector " + name);
    permissionGroups = Names.copyOf(permissionGroups, "permission groups of Receive connector " + name);
    fqdn = Objects.requireNonNullElse(fqdn, Optional.empty());
    Objects.requireNonNull(limits, "limits of Receive connector " + name + " must be given");
  }

  /** A local address and port a Receive connector listens on: {@code 0.0.0.0:25}, {@code [::1]:2525}. */
  public record Binding(String address, int port) {
    public Binding {
      address = Names.requireName(address, "binding address");
      Names.requireRange(port, 1, 65_535, "binding port");
    }

    public static Binding parse(String text) {
      String t = Names.requireName(text, "binding");
      int colon = t.lastIndexOf(':');
      if (colon <= 0 || colon == t.length() - 1) {
        throw new IllegalArgumentException("binding '" + text + "' must be address:port, such as 0.0.0.0:25 or [::]:25");
      }
      String address = t.substring(0, colon);
      if (address.startsWith("[") && address.endsWith("]")) {
        address = address.substring(1, address.length() - 1);
      }
      try {
        return new Binding(address, Integer.parseInt(t.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("binding '" + text + "' has no numeric port", e);
      }
    }

    @Override
    public String toString() {
      return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }
  }

  /** Remote addresses: one address, a CIDR block or a range {@code first-last}, as Exchange writes them. */
  public record RemoteIpRange(String text) {
    public RemoteIpRange {
      text = Names.requireName(text, "remote IP range");
      if (!text.matches("[0-9A-Fa-f:.]+(/\\d{1,3}|-[0-9A-Fa-f:.]+)?")) {
        throw new IllegalArgumentException(
            "remote IP range '" + text + "' must be an address, address/prefix or first-last");
      }
    }

    /** Every IPv4 and IPv6 address. */
    public static final List<RemoteIpRange> ANY =
        List.of(new RemoteIpRange("0.0.0.0-255.255.255.255"), new RemoteIpRange("::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
  }

  /** The authentication a Receive connector offers (Exchange's AuthMechanism). */
  public enum ReceiveAuthMechanism {
    NONE,
    TLS,
    BASIC_AUTH,
    BASIC_AUTH_REQUIRE_TLS,
    EXCHANGE_SERVER,
    EXTERNAL_AUTHORITATIVE
  }

  /** Who gets the rights of a Receive connector (Exchange's PermissionGroups). */
  public enum PermissionGroup {
    ANONYMOUS_USERS,
    EXCHANGE_USERS,
    EXCHANGE_SERVERS,
    EXCHANGE_LEGACY_SERVERS,
    PARTNERS
  }
}
