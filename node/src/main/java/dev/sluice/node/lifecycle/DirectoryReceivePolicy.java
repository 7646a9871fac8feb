package dev.sluice.node.lifecycle;

import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.Member;
import dev.sluice.directory.SmtpUser;
import dev.sluice.directory.secrets.PasswordHasher;
import dev.sluice.node.config.HostPort;
import dev.sluice.node.receive.ReceiveConnectorMatcher;
import dev.sluice.node.receive.RelayRules;
import dev.sluice.node.receive.SessionPrincipal;
import dev.sluice.node.smtp.SmtpReply;
import dev.sluice.node.smtp.codec.MessageContent;
import dev.sluice.node.smtp.receive.AuthIdentity;
import dev.sluice.node.smtp.receive.Authenticator;
import dev.sluice.node.smtp.receive.ConnectionFacts;
import dev.sluice.node.smtp.receive.ContentLimits;
import dev.sluice.node.smtp.receive.InboundConnections;
import dev.sluice.node.smtp.receive.Mailbox;
import dev.sluice.node.smtp.receive.ReceivePolicy;
import dev.sluice.node.smtp.receive.ReceivePolicyFactory;
import dev.sluice.node.smtp.receive.SessionFacts;
import dev.sluice.node.spool.Spool;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveLimits;
import dev.sluice.routing.model.TransportServer;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The Receive connector rules of this node, read from the directory snapshot in use: which connector
 * serves a connection, who may submit, the no-open-relay rule, the connector's limits (connections at once
 * among them, counted in one {@link InboundConnections} for the node), and the spool's back-pressure.
 *
 * <p>Thread-safe: each connection gets a policy bound to the connector chosen when it connected; every
 * answer comes from memory. Password checks (a slow hash) run on {@code authExecutor}, never on an event
 * loop. Before the first snapshot the node refuses connections with {@code 421 4.3.2}, as it cannot know
 * its Receive connectors yet.
 */
public final class DirectoryReceivePolicy implements ReceivePolicy {
  private static final SmtpReply NO_CONNECTOR = SmtpReply.of(554, "5.7.1", "No Receive connector serves this address");
  private static final SmtpReply NOT_YET = SmtpReply.of(421, "4.3.2", "Directory not loaded yet, try again later");
  private static final SmtpReply SUBMIT_DENIED =
      SmtpReply.of(530, "5.7.0", "Authentication required to send through this connector");

  private final Supplier<Optional<DirectorySnapshot>> snapshots;
  private final Optional<ReceiveConnector> connector;
  private final Spool spool;
  private final PasswordHasher hasher;
  private final Executor authExecutor;
  /** This connection's place among the open connections. */
  private final InboundConnections.Place place;
  private final int maxHeaderBytes;

  private DirectoryReceivePolicy(Supplier<Optional<DirectorySnapshot>> snapshots, Optional<ReceiveConnector> connector,
      Spool spool, PasswordHasher hasher, Executor authExecutor, InboundConnections connections, int maxHeaderBytes) {
    this.snapshots = snapshots;
    this.connector = connector;
    this.spool = spool;
    this.hasher = hasher;
    this.authExecutor = authExecutor;
    this.place = connections.newPlace();
    this.maxHeaderBytes = maxHeaderBytes;
  }

  /**
   * The factory: one policy per connection, for the Receive connectors of {@code server}, all counting their
   * connections in {@code connections} and refusing header blocks larger than {@code maxHeaderBytes}.
   */
  public static ReceivePolicyFactory factory(String server, Supplier<Optional<DirectorySnapshot>> snapshots, Spool spool,
      PasswordHasher hasher, Executor authExecutor, InboundConnections connections, int maxHeaderBytes) {
    return connection -> {
      Optional<ReceiveConnector> chosen = snapshots.get().flatMap(s -> ReceiveConnectorMatcher.select(
          s.config().receiveConnectors().stream().filter(r -> r.server().equalsIgnoreCase(server)).toList(),
          connection.local(), connection.remote()));
      return new DirectoryReceivePolicy(snapshots, chosen, spool, hasher, authExecutor, connections, maxHeaderBytes);
    };
  }

  /** The connector serving this connection, if one does. */
  public Optional<ReceiveConnector> connector() {
    return connector;
  }

  @Override
  public Optional<SmtpReply> refuseConnection(ConnectionFacts connection) {
    if (snapshots.get().isEmpty()) {
      return Optional.of(NOT_YET);
    }
    if (connector.isEmpty()) {
      return Optional.of(NO_CONNECTOR);
    }
    ReceiveLimits limits = connector.get().limits();
    return place.take(connector.get().name(), connection.remote().getAddress(), new InboundConnections.Limits(
        limits.maxInboundConnection(), limits.maxInboundConnectionPerSource(), fromOrganizationServer(connection)));
  }

  @Override
  public void connectionClosed() {
    place.release();
  }

  /**
   * Whether the client is one of this organization's nodes (the host of a live member's SMTP endpoint) on a
   * connector granting ExchangeServers: such a source is exempt from MaxInboundConnectionPerSource, as in
   * Exchange, since one busy Hub may well open many connections to another.
   */
  private boolean fromOrganizationServer(ConnectionFacts connection) {
    if (!connector.get().permissionGroups().contains(ReceiveConnector.PermissionGroup.EXCHANGE_SERVERS)) {
      return false;
    }
    InetAddress client = connection.remote().getAddress();
    return snapshots.get().stream().flatMap(s -> s.members().values().stream())
        .map(Member::smtpEndpoint).filter(endpoint -> !endpoint.isEmpty())
        .anyMatch(endpoint -> sameHost(endpoint, client));
  }

  // Address literals only: a name would need DNS, and the event loop must not wait for it.
  private static boolean sameHost(String endpoint, InetAddress client) {
    try {
      return client.equals(NetUtil.createInetAddressFromIpAddressString(HostPort.parse(endpoint).host()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public SmtpReply checkSender(SessionFacts session, Optional<Mailbox> sender, OptionalLong declaredSize) {
    if (!spool.state().accepting()) {
      return spool.state().condition() == dev.sluice.node.spool.SpoolState.Condition.LOW_SPACE
          ? SmtpReply.INSUFFICIENT_STORAGE : SmtpReply.LOCAL_ERROR;
    }
    return connector.filter(c -> RelayRules.maySubmit(c, principal(session))).isPresent()
        ? SmtpReply.SENDER_OK : SUBMIT_DENIED;
  }

  @Override
  public SmtpReply checkRecipient(SessionFacts session, Optional<Mailbox> sender, Mailbox recipient) {
    List<dev.sluice.routing.model.AcceptedDomain> accepted =
        snapshots.get().map(s -> s.config().acceptedDomains()).orElse(List.of());
    if (recipient.domain().isEmpty()) {
      return SmtpReply.RECIPIENT_OK; // Postmaster of this host (RFC 5321 4.5.1).
    }
    return RelayRules.mayReceiveFor(principal(session), recipient.domain(), accepted)
        ? SmtpReply.RECIPIENT_OK : SmtpReply.RELAY_DENIED;
  }

  /** The header block's size, then MaxHopCount and MaxLocalHopCount, this organization's servers read from the snapshot. */
  @Override
  public Optional<SmtpReply> checkContent(SessionFacts session, MessageContent content) {
    ReceiveLimits limits = connector.map(ReceiveConnector::limits).orElse(ReceiveLimits.HUB_DEFAULTS);
    Set<String> servers = snapshots.get().stream().flatMap(s -> s.config().servers().stream())
        .map(TransportServer::fqdn).collect(Collectors.toSet());
    return new ContentLimits(maxHeaderBytes, limits.maxHopCount(), limits.maxLocalHopCount(), servers).check(content);
  }

  @Override
  public java.util.OptionalInt maxProtocolErrors() {
    return connector.map(c -> java.util.OptionalInt.of(c.limits().maxProtocolErrors())).orElse(java.util.OptionalInt.empty());
  }

  @Override
  public Optional<java.time.Duration> connectionTimeout() {
    return connector.map(c -> c.limits().connectionTimeout());
  }

  @Override
  public Optional<java.time.Duration> inactivityTimeout() {
    return connector.map(c -> c.limits().connectionInactivityTimeout());
  }

  @Override
  public long maxMessageSize() {
    return connector.map(c -> c.limits().maxMessageSize().bytes()).orElse(0L);
  }

  @Override
  public int maxRecipients() {
    return connector.map(c -> c.limits().maxRecipientsPerMessage()).orElse(100);
  }

  @Override
  public boolean offerAuth(SessionFacts session) {
    return connector.filter(RelayRules::offersBasicAuth).isPresent() && ReceivePolicy.super.offerAuth(session);
  }

  @Override
  public Authenticator authenticator() {
    return credentials -> CompletableFuture.supplyAsync(() -> {
      Optional<SmtpUser> user = snapshots.get().flatMap(s -> s.user(credentials.username()));
      // The hash is checked even for an unknown user, so that timing does not tell which names exist.
      String hash = user.map(SmtpUser::passwordHash).orElse(UNKNOWN_USER_HASH);
      boolean ok = hasher.verify(credentials.password().toCharArray(), hash) && user.isPresent();
      return ok ? Optional.of(new AuthIdentity(user.get().name())) : Optional.<AuthIdentity>empty();
    }, authExecutor);
  }

  /** A hash of nothing anyone knows, checked for unknown users. */
  private static final String UNKNOWN_USER_HASH = new PasswordHasher()
      .hash("unknown user".toCharArray());

  private static SessionPrincipal principal(SessionFacts session) {
    return session.identity().isPresent() ? SessionPrincipal.SMTP_USER : SessionPrincipal.ANONYMOUS;
  }
}
