package dev.sluice.directory;

import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveConnector.Binding;
import dev.sluice.routing.model.ReceiveConnector.PermissionGroup;
import dev.sluice.routing.model.ReceiveConnector.ReceiveAuthMechanism;
import dev.sluice.routing.model.ReceiveConnector.RemoteIpRange;
import dev.sluice.routing.model.ReceiveLimits;
import dev.sluice.routing.model.TransportServer;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Receive connector a new transport server gets: {@code Default <SERVER>}, listening on the node's
 * SMTP address, serving every remote address (0.0.0.0/0 and ::/0) for the Anonymous, ExchangeServers and
 * Partners groups, with TLS, basic authentication and Exchange server authentication offered, and
 * Exchange 2007's limits for the server's role.
 *
 * <p>Pure; thread-safe. Made by {@code new-transportserver}, or by a node on its first start when the
 * directory is open.
 */
public final class DefaultReceiveConnector {
  private DefaultReceiveConnector() {}

  /** The default Receive connector of {@code server}, listening on {@code binding}. */
  public static ReceiveConnector of(TransportServer server, Binding binding) {
    return new ReceiveConnector(server.name(), "Default " + server.name(), List.of(binding),
        List.of(new RemoteIpRange("0.0.0.0/0"), new RemoteIpRange("::/0")),
        Set.of(ReceiveAuthMechanism.TLS, ReceiveAuthMechanism.BASIC_AUTH, ReceiveAuthMechanism.EXCHANGE_SERVER),
        Set.of(PermissionGroup.ANONYMOUS_USERS, PermissionGroup.EXCHANGE_SERVERS, PermissionGroup.PARTNERS),
        Optional.empty(), true, ReceiveLimits.defaultsFor(server.role()));
  }
}
