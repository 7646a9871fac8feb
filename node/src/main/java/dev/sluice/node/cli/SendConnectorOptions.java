package dev.sluice.node.cli;

import dev.sluice.routing.model.MaxMessageSize;
import dev.sluice.routing.model.ProtocolLoggingLevel;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.SmartHost;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The properties of a Send connector as options of new- and set-sendconnector: each is null unless given,
 * and {@link #applyTo} writes only the given ones, which is what makes set-* change only what is given.
 * A picocli mixin.
 */
final class SendConnectorOptions {
  @Option(names = "--address-spaces", paramLabel = "SPACES",
      description = "Comma-separated address spaces: '*', contoso.com, '*.contoso.com;2', \"X400:c=US;a=;p=Org;5\", --.")
  AddressSpaceList addressSpaces;

  @Option(names = "--source-transport-servers", paramLabel = "SERVERS", split = ",",
      description = "Comma-separated servers that deliver through this connector.")
  List<String> sourceTransportServers;

  @Option(names = "--smart-hosts", paramLabel = "HOSTS", split = ",",
      description = "Comma-separated smart hosts: mail.example.com, [192.0.2.1]:2525, [2001:db8::1], --.")
  List<SmartHost> smartHosts;

  @Option(names = "--dns-routing-enabled", arity = "0..1", fallbackValue = "true",
      paramLabel = "true|false", description = "Deliver by the recipient domain's MX records.")
  Boolean dnsRoutingEnabled;

  @Option(names = "--is-scoped-connector", arity = "0..1", fallbackValue = "true",
      paramLabel = "true|false", description = "Usable only from the source servers' site.")
  Boolean isScopedConnector;

  @Option(names = "--smart-host-auth-mechanism", paramLabel = "MECHANISM",
      description = "None, BasicAuth, BasicAuthRequireTLS, ExchangeServer or ExternalAuthoritative.")
  SmartHostAuthMechanism smartHostAuthMechanism;

  @Option(names = "--fqdn", paramLabel = "NAME",
      description = "The name given in EHLO ('' for the source server's own).")
  String fqdn;

  @Option(names = "--port", paramLabel = "PORT", description = "Port of the smart hosts or MX hosts.")
  Integer port;

  @Option(names = "--source-ip-address", paramLabel = "ADDRESS",
      description = "The local address to connect from (0.0.0.0: any).")
  String sourceIpAddress;

  @Option(names = "--max-message-size", paramLabel = "SIZE",
      description = "Larger messages do not use this connector: 10MB, 512KB, a byte count or unlimited.")
  MaxMessageSize maxMessageSize;

  @Option(names = "--protocol-logging-level", paramLabel = "None|Verbose",
      description = "Whether the protocol log is written.")
  ProtocolLoggingLevel protocolLoggingLevel;

  @Option(names = "--require-tls", arity = "0..1", fallbackValue = "true",
      paramLabel = "true|false", description = "Defer rather than send without TLS.")
  Boolean requireTls;

  @Option(names = "--domain-secure-enabled", arity = "0..1", fallbackValue = "true",
      paramLabel = "true|false", description = "Mutual TLS with the recipient domain.")
  Boolean domainSecureEnabled;

  @Option(names = "--ignore-starttls", arity = "0..1", fallbackValue = "true",
      paramLabel = "true|false", description = "Never use STARTTLS, even when offered.")
  Boolean ignoreStartTls;

  @Option(names = "--use-external-dns-servers-enabled", arity = "0..1", fallbackValue = "true",
      paramLabel = "true|false", description = "Look up MX records with the external DNS servers.")
  Boolean useExternalDnsServersEnabled;

  @Option(names = "--linked-receive-connector", paramLabel = "NAME",
      description = "The Receive connector whose mail always leaves through this one ('' for none).")
  String linkedReceiveConnector;

  @Option(names = "--connection-inactivity-timeout", paramLabel = "SPAN",
      description = "How long an idle connection stays open: 00:10:00, 10m, 30s.")
  Duration connectionInactivityTimeout;

  @Option(names = "--smtp-max-messages-per-connection", paramLabel = "N",
      description = "How many messages one connection carries.")
  Integer smtpMaxMessagesPerConnection;

  @Option(names = "--force-helo", arity = "0..1", fallbackValue = "true",
      paramLabel = "true|false", description = "Send HELO instead of EHLO.")
  Boolean forceHelo;

  @Option(names = "--enabled", arity = "0..1", fallbackValue = "true",
      paramLabel = "true|false", description = "A disabled connector never matches.")
  Boolean enabled;

  @Option(names = "--comment", paramLabel = "TEXT", description = "Free text for administrators.")
  String comment;

  /** Writes the given options into {@code b}; an empty --fqdn or --linked-receive-connector clears it. */
  SendConnector.Builder applyTo(SendConnector.Builder b) {
    if (addressSpaces != null) b.addressSpaces(addressSpaces.spaces());
    if (sourceTransportServers != null) b.sourceTransportServers(sourceTransportServers);
    if (smartHosts != null) b.smartHosts(smartHosts);
    if (dnsRoutingEnabled != null) b.dnsRoutingEnabled(dnsRoutingEnabled);
    if (isScopedConnector != null) b.isScopedConnector(isScopedConnector);
    if (smartHostAuthMechanism != null) b.smartHostAuthMechanism(smartHostAuthMechanism);
    if (fqdn != null) b.fqdn(fqdn.isBlank() ? null : fqdn.strip());
    if (port != null) b.port(port);
    if (sourceIpAddress != null) b.sourceIpAddress(sourceIpAddress);
    if (maxMessageSize != null) b.maxMessageSize(maxMessageSize);
    if (protocolLoggingLevel != null) b.protocolLoggingLevel(protocolLoggingLevel);
    if (requireTls != null) b.requireTls(requireTls);
    if (domainSecureEnabled != null) b.domainSecureEnabled(domainSecureEnabled);
    if (ignoreStartTls != null) b.ignoreStartTls(ignoreStartTls);
    if (useExternalDnsServersEnabled != null) b.useExternalDnsServersEnabled(useExternalDnsServersEnabled);
    if (linkedReceiveConnector != null) {
      b.linkedReceiveConnector(linkedReceiveConnector.isBlank() ? null : linkedReceiveConnector.strip());
    }
    if (connectionInactivityTimeout != null) b.connectionInactivityTimeout(connectionInactivityTimeout);
    if (smtpMaxMessagesPerConnection != null) b.smtpMaxMessagesPerConnection(smtpMaxMessagesPerConnection);
    if (forceHelo != null) b.forceHelo(forceHelo);
    if (enabled != null) b.enabled(enabled);
    if (comment != null) b.comment(comment);
    return b;
  }
}
