package dev.sluice.directory;

import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveConnector.Binding;
import dev.sluice.routing.model.ReceiveConnector.PermissionGroup;
import dev.sluice.routing.model.ReceiveConnector.ReceiveAuthMechanism;
import dev.sluice.routing.model.ReceiveConnector.RemoteIpRange;
import dev.sluice.routing.model.ReceiveLimits;
import dev.sluice.routing.model.TransportServer;
import java.util.Optional;
import java.util.Set;

/**
 * The Receive connector a new transport server gets, as Exchange 2007 setup makes it: on a Hub,
 * {@code Default <SERVER>} for the organization's users and servers (TLS, basic authentication,
 * Exchange server authentication); on an Edge, {@code Default internal receive connector <SERVER>} for
 * anonymous Internet mail, partners and the organization's servers.
 *
 * <p>Pure; thread-safe. Made by {@code new-transportserver}, or by a node on its first start when the
 * directory is open.
 */
public final class DefaultReceiveConnector {
  private DefaultReceiveConnector() {}

  /** The default Receive connector of {@code server}, listening on {@code binding}. */
  public static ReceiveConnector of(TransportServer server, Binding binding) {
    if (server.isEdge()) {
      return new ReceiveConnector(server.name(), "Default internal receive connector " + server.name(),
          java.util.List.of(binding), RemoteIpRange.ANY,
          Set.of(ReceiveAuthMechanism.TLS, ReceiveAuthMechanism.EXCHANGE_SERVER),
          Set.of(PermissionGroup.ANONYMOUS_USERS, PermissionGroup.EXCHANGE_SERVERS, PermissionGroup.PARTNERS),
          Optional.empty(), true, ReceiveLimits.EDGE_DEFAULTS);
    }
    return new ReceiveConnector(server.name(), "Default " + server.name(), java.util.List.of(binding),
        RemoteIpRange.ANY,
        Set.of(ReceiveAuthMechanism.TLS, ReceiveAuthMechanism.BASIC_AUTH, ReceiveAuthMechanism.BASIC_AUTH_REQUIRE_TLS,
            ReceiveAuthMechanism.EXCHANGE_SERVER),
        Set.of(PermissionGroup.EXCHANGE_USERS, PermissionGroup.EXCHANGE_SERVERS, PermissionGroup.EXCHANGE_LEGACY_SERVERS),
        Optional.empty(), true, ReceiveLimits.HUB_DEFAULTS);
  }
}
