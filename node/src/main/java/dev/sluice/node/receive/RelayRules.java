package dev.sluice.node.receive;

import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveConnector.PermissionGroup;
import dev.sluice.routing.model.ReceiveConnector.ReceiveAuthMechanism;
import java.util.List;
import java.util.Locale;

/**
 * Who may send what through a Receive connector: the one place where the no-open-relay rule lives.
 *
 * <p>Pure and thread-safe. The rules, a line each:
 * <ul>
 *   <li>an anonymous session may submit when the connector grants the Anonymous group, and only to the
 *       organization's accepted domains ({@code 550 5.7.1} otherwise);
 *   <li>a partner (verified client certificate) may submit when the connector grants Partners, to the
 *       accepted domains only;
 *   <li>an SMTP user of the directory may submit and relay anywhere once authenticated, which the
 *       connector allows by offering basic authentication;
 *   <li>a node (authenticated as an Exchange server) may submit and relay anywhere when the connector
 *       grants ExchangeServers;
 *   <li>so may any peer of a connector that is ExternalAuthoritative with ExchangeServers (externally secured).
 * </ul>
 */
public final class RelayRules {
  private RelayRules() {}

  /** Whether {@code principal} may open a mail transaction on {@code connector}. */
  public static boolean maySubmit(ReceiveConnector connector, SessionPrincipal principal) {
    return switch (principal) {
      case ANONYMOUS -> connector.permissionGroups().contains(PermissionGroup.ANONYMOUS_USERS);
      case PARTNER -> connector.permissionGroups().contains(PermissionGroup.PARTNERS);
      case SMTP_USER -> offersBasicAuth(connector);
      case EXCHANGE_SERVER -> connector.permissionGroups().contains(PermissionGroup.EXCHANGE_SERVERS);
    };
  }

  /** Whether {@code principal} may send to {@code recipientDomain} given the organization's accepted domains. */
  public static boolean mayReceiveFor(SessionPrincipal principal, String recipientDomain, List<AcceptedDomain> accepted) {
    return switch (principal) {
      case SMTP_USER, EXCHANGE_SERVER -> true;
      case ANONYMOUS, PARTNER -> isAccepted(recipientDomain, accepted);
    };
  }

  /** Whether the connector lets other nodes authenticate as Exchange servers (with their node secrets). */
  public static boolean offersExchangeServerAuth(ReceiveConnector connector) {
    return connector.authMechanisms().contains(ReceiveAuthMechanism.EXCHANGE_SERVER);
  }

  /**
   * Whether every session on the connector is an externally secured server (ExternalAuthoritative with the
   * ExchangeServers group, as Exchange requires): the network, an IPsec tunnel or a dedicated line, vouches
   * for the peer, which gets the rights of an Exchange server without authenticating.
   */
  public static boolean externallySecured(ReceiveConnector connector) {
    return connector.authMechanisms().contains(ReceiveAuthMechanism.EXTERNAL_AUTHORITATIVE)
        && connector.permissionGroups().contains(PermissionGroup.EXCHANGE_SERVERS);
  }

  /** Whether the connector lets SMTP users authenticate at all. */
  public static boolean offersBasicAuth(ReceiveConnector connector) {
    return connector.authMechanisms().contains(ReceiveAuthMechanism.BASIC_AUTH)
        || connector.authMechanisms().contains(ReceiveAuthMechanism.BASIC_AUTH_REQUIRE_TLS);
  }

  /**
   * Whether {@code domain} is one the organization accepts: equal to an accepted domain, or under a
   * {@code *.domain} one (which takes the domain itself too), compared case-insensitively without a
   * trailing dot.
   */
  public static boolean isAccepted(String domain, List<AcceptedDomain> accepted) {
    String d = domain.toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    for (AcceptedDomain a : accepted) {
      String name = a.domainName();
      if (name.startsWith("*.")) {
        String parent = name.substring(2);
        if (d.equals(parent) || d.endsWith("." + parent)) {
          return true;
        }
      } else if (d.equals(name)) {
        return true;
      }
    }
    return false;
  }
}
