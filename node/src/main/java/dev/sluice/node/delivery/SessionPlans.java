package dev.sluice.node.delivery;

import dev.sluice.node.smtp.client.SmtpClient;
import dev.sluice.node.smtp.client.SmtpClientSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.firewall.HeaderFirewall;
import dev.sluice.routing.model.Principal;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Works out a queue's {@link SessionPlan} from its routing decision, as Exchange does: a hop inside the
 * organization (relay to source servers, to another site, between hub and Edge) authenticates as an
 * Exchange server with the node secret and carries every right, so nothing is stripped; a hop that leaves
 * it goes as the principal its authentication makes it (Anonymous for DNS and for smart hosts with None or
 * BasicAuth, ExchangeServers with ExchangeServer, ExternallySecuredServers with ExternalAuthoritative,
 * PartnerServers for domain-secured TLS), with the rights the connector grants that principal.
 *
 * <p>Thread-safe. TLS: STARTTLS when offered (any certificate accepted, as Postfix's "may"), unless the
 * connector ignores it; RequireTLS, BasicAuthRequireTLS and DomainSecureEnabled refuse to send in clear and
 * check the certificate against the trusted authorities, BasicAuthRequireTLS for the smart host's name and
 * domain security for the recipient domain.
 */
public final class SessionPlans {
  private final String localServer;
  private final String localFqdn;
  private final SslContext opportunistic;
  private final SslContext verifying;
  private final Supplier<Optional<String>> nodeSecret;
  private final Function<String, Optional<SmtpClient.Login>> credentials;
  private final Duration replyTimeout;
  private final Optional<InetAddress> relaySource;

  /**
   * @param opportunistic a client context that accepts any certificate
   * @param verifying a client context that checks chains against the trusted authorities
   * @param nodeSecret the local node's secret, for ExchangeServer authentication
   * @param credentials the login stored under a connector's AuthenticationCredential id
   * @param replyTimeout how long the client waits for each reply (queue.reply-timeout)
   */
  public SessionPlans(String localServer, String localFqdn, SslContext opportunistic, SslContext verifying, Supplier<Optional<String>> nodeSecret,
      Function<String, Optional<SmtpClient.Login>> credentials, Duration replyTimeout) {
    this(localServer, localFqdn, opportunistic, verifying, nodeSecret, credentials, replyTimeout, Optional.empty());
  }

  /** As above, with hops inside the organization leaving from {@code relaySource} (a wildcard means any). */
  public SessionPlans(String localServer, String localFqdn, SslContext opportunistic, SslContext verifying,
      Supplier<Optional<String>> nodeSecret, Function<String, Optional<SmtpClient.Login>> credentials,
      Duration replyTimeout, Optional<InetAddress> relaySource) {
    this.relaySource = relaySource.filter(a -> !a.isAnyLocalAddress());
    this.replyTimeout = Objects.requireNonNull(replyTimeout, "reply timeout");
    this.localServer = Objects.requireNonNull(localServer, "local server");
    this.localFqdn = Objects.requireNonNull(localFqdn, "local FQDN");
    this.opportunistic = Objects.requireNonNull(opportunistic, "opportunistic TLS context");
    this.verifying = Objects.requireNonNull(verifying, "verifying TLS context");
    this.nodeSecret = Objects.requireNonNull(nodeSecret, "node secret");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
  }

  /** The plan for a queue that carries {@code decision}'s next hop. */
  public SessionPlan plan(RoutingDecision decision) {
    if (decision instanceof RoutingDecision.Deliver deliver
        && deliver.connector() instanceof SendConnector connector
        && !(deliver.target() instanceof RoutingDecision.DeliveryTarget.OrganizationHubs)) {
      return leaving(connector, deliver.nextHop().domain());
    }
    String connector = decision.connectorName().orElse("");
    Optional<SmtpClient.Login> login = nodeSecret.get().map(secret -> new SmtpClient.Login(localServer, secret));
    SmtpClientSettings settings = SmtpClientSettings.defaults(connector, localFqdn).withReplyTimeout(replyTimeout)
        .withTls(opportunistic(false)).withLogin(login);
    if (decision instanceof RoutingDecision.Deliver deliver && deliver.connector() instanceof SendConnector edgeSync) {
      settings = connectorLimits(settings, edgeSync);
    }
    if (settings.sourceAddress().isEmpty()) {
      // From the address this node serves SMTP on, so the receiving node sees the member's own address.
      settings = settings.withSourceAddress(relaySource);
    }
    return new SessionPlan(settings, false, HeaderFirewall.EVERY_RIGHT, Principal.EXCHANGE_SERVERS.canonicalName());
  }

  /** The connector's own source address, reuse and inactivity limits and protocol logging. */
  private static SmtpClientSettings connectorLimits(SmtpClientSettings settings, SendConnector connector) {
    Optional<InetAddress> source;
    try {
      source = Optional.of(InetAddress.getByName(connector.sourceIpAddress()));
    } catch (UnknownHostException e) {
      // The validator takes only IP addresses here; an unparsable one binds to nothing in particular.
      source = Optional.empty();
    }
    return settings.withSourceAddress(source).withInactivityTimeout(connector.connectionInactivityTimeout())
        .withMaxMessagesPerConnection(connector.smtpMaxMessagesPerConnection())
        .withProtocolLogging(connector.protocolLoggingLevel());
  }

  private SessionPlan leaving(SendConnector connector, String nextHopDomain) {
    SmartHostAuthMechanism mechanism = connector.dnsRoutingEnabled() ? SmartHostAuthMechanism.NONE
        : connector.smartHostAuthMechanism();
    Principal principal = connector.domainSecureEnabled() ? Principal.PARTNER_SERVERS : switch (mechanism) {
      case EXCHANGE_SERVER -> Principal.EXCHANGE_SERVERS;
      case EXTERNAL_AUTHORITATIVE -> Principal.EXTERNALLY_SECURED_SERVERS;
      default -> Principal.ANONYMOUS;
    };
    Optional<SmtpClient.Login> login = switch (mechanism) {
      case BASIC_AUTH, BASIC_AUTH_REQUIRE_TLS -> connector.authenticationCredential().flatMap(credentials);
      case EXCHANGE_SERVER -> nodeSecret.get().map(secret -> new SmtpClient.Login(localServer, secret));
      default -> Optional.empty();
    };
    boolean checkName = mechanism == SmartHostAuthMechanism.BASIC_AUTH_REQUIRE_TLS;
    boolean require = connector.requireTls() || checkName || connector.domainSecureEnabled();
    SmtpClient.Tls tls = require
        ? new SmtpClient.Tls(Optional.of(verifying), true, false,
            connector.domainSecureEnabled() ? Optional.of(nextHopDomain) : Optional.empty())
        : opportunistic(connector.ignoreStartTls());
    SmtpClientSettings settings = connectorLimits(SmtpClientSettings.defaults(connector.name(),
        connector.fqdn().orElse(localFqdn)).withReplyTimeout(replyTimeout).withForceHelo(connector.forceHelo())
        .withTls(tls).withLogin(login), connector);
    return new SessionPlan(settings, checkName, connector.permissions().rightsOf(principal), principal.canonicalName());
  }

  private SmtpClient.Tls opportunistic(boolean ignore) {
    return ignore ? SmtpClient.Tls.NONE : new SmtpClient.Tls(Optional.of(opportunistic), false, false, Optional.empty());
  }
}
