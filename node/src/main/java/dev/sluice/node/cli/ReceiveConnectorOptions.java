package dev.sluice.node.cli;

import dev.sluice.routing.model.MaxMessageSize;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveConnector.Binding;
import dev.sluice.routing.model.ReceiveConnector.PermissionGroup;
import dev.sluice.routing.model.ReceiveConnector.ReceiveAuthMechanism;
import dev.sluice.routing.model.ReceiveConnector.RemoteIpRange;
import dev.sluice.routing.model.ReceiveLimits;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The properties of a Receive connector as options of new- and set-receiveconnector, each null unless
 * given; {@link #applyTo} changes only the given ones. A picocli mixin.
 */
final class ReceiveConnectorOptions {
  @Option(names = "--bindings", split = ",", paramLabel = "BINDINGS",
      description = "Comma-separated local address:port to listen on: 0.0.0.0:25, [::]:587.")
  List<Binding> bindings;

  @Option(names = "--remote-ip-ranges", split = ",", paramLabel = "RANGES",
      description = "Comma-separated remote addresses served: 192.0.2.10, 192.0.2.0/24, 192.0.2.1-192.0.2.9"
          + " (default for a new connector: every address).")
  List<RemoteIpRange> remoteIpRanges;

  @Option(names = "--auth-mechanism", split = ",", paramLabel = "MECHANISMS",
      description = "Comma-separated: None, Tls, BasicAuth, BasicAuthRequireTls, ExchangeServer,"
          + " ExternalAuthoritative (default for a new connector: Tls).")
  List<ReceiveAuthMechanism> authMechanisms;

  @Option(names = "--permission-groups", split = ",", paramLabel = "GROUPS",
      description = "Comma-separated: AnonymousUsers, ExchangeUsers, ExchangeServers, ExchangeLegacyServers,"
          + " Partners (default for a new connector: none).")
  List<PermissionGroup> permissionGroups;

  @Option(names = "--fqdn", paramLabel = "NAME", description = "The name in its banner ('' for the server's own).")
  String fqdn;

  @Option(names = "--enabled", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      description = "A disabled connector does not listen.")
  Boolean enabled;

  @Option(names = "--max-message-size", paramLabel = "SIZE", description = "10MB, 512KB, a byte count or unlimited.")
  MaxMessageSize maxMessageSize;

  @Option(names = "--max-recipients-per-message", paramLabel = "N", description = "More get 452 4.5.3.")
  Integer maxRecipientsPerMessage;

  @Option(names = "--max-hop-count", paramLabel = "N", description = "More Received headers get 554 5.4.0.")
  Integer maxHopCount;

  @Option(names = "--connection-timeout", paramLabel = "SPAN", description = "Longest a connection stays open.")
  Duration connectionTimeout;

  @Option(names = "--connection-inactivity-timeout", paramLabel = "SPAN", description = "Longest a connection idles.")
  Duration connectionInactivityTimeout;

  @Option(names = "--max-inbound-connection", paramLabel = "N", description = "Connections served at once.")
  Integer maxInboundConnection;

  @Option(names = "--max-inbound-connection-per-source", paramLabel = "N",
      description = "Connections from one remote address at once.")
  Integer maxInboundConnectionPerSource;

  @Option(names = "--max-protocol-errors", paramLabel = "N", description = "Protocol errors before the connection is dropped.")
  Integer maxProtocolErrors;

  /** {@code c} with the given options written over it. */
  ReceiveConnector applyTo(ReceiveConnector c) {
    ReceiveLimits l = c.limits();
    ReceiveLimits limits = new ReceiveLimits(
        or(maxMessageSize, l.maxMessageSize()),
        or(maxRecipientsPerMessage, l.maxRecipientsPerMessage()),
        or(maxHopCount, l.maxHopCount()),
        l.maxLocalHopCount(),
        or(connectionTimeout, l.connectionTimeout()),
        or(connectionInactivityTimeout, l.connectionInactivityTimeout()),
        or(maxInboundConnection, l.maxInboundConnection()),
        or(maxInboundConnectionPerSource, l.maxInboundConnectionPerSource()),
        or(maxProtocolErrors, l.maxProtocolErrors()));
    return new ReceiveConnector(c.server(), c.name(),
        or(bindings, c.bindings()),
        or(remoteIpRanges, c.remoteIpRanges()),
        authMechanisms == null ? c.authMechanisms() : new LinkedHashSet<>(authMechanisms),
        permissionGroups == null ? c.permissionGroups() : new LinkedHashSet<>(permissionGroups),
        fqdn == null ? c.fqdn() : Optional.of(fqdn.strip()).filter(f -> !f.isEmpty()),
        or(enabled, c.enabled()),
        limits);
  }

  private static <T> T or(T given, T current) {
    return given == null ? current : given;
  }
}
