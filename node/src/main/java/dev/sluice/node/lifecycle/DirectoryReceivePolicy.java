package dev.sluice.node.lifecycle;

import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.SmtpUser;
import dev.sluice.directory.secrets.PasswordHasher;
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
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

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
  private final Supplier<Optional<ReceiveView>> views;
  private final Optional<ReceiveConnector> connector;
  private final Spool spool;
  private final PasswordHasher hasher;
  private final Executor authExecutor;
  private final NodeSecretCheck nodeSecrets;
  /** This connection's place among the open connections. */
  private final InboundConnections.Place place;
  private final int maxHeaderBytes;

  /**
   * Checks a node secret: whether {@code secret} is the node secret of the transport server {@code server}.
   * It may read the directory (it runs on the AUTH executor) and throws when it cannot tell.
   */
  @FunctionalInterface
  public interface NodeSecretCheck {
    boolean verify(String server, String secret);
  }

  /**
   * What the policy of every connection shares: the sources of its answers (the snapshot, and what the
   * receive path reads of it, worked out once per snapshot) and the node's limits.
   */
  public record Shared(Supplier<Optional<DirectorySnapshot>> snapshots, Supplier<Optional<ReceiveView>> views,
      Spool spool, PasswordHasher hasher, Executor authExecutor, NodeSecretCheck nodeSecrets,
      InboundConnections connections, int maxHeaderBytes) {}

  private DirectoryReceivePolicy(Shared shared, Optional<ReceiveConnector> connector) {
    this.snapshots = shared.snapshots();
    this.views = shared.views();
    this.connector = connector;
    this.spool = shared.spool();
    this.hasher = shared.hasher();
    this.authExecutor = shared.authExecutor();
    this.nodeSecrets = shared.nodeSecrets();
    this.place = shared.connections().newPlace();
    this.maxHeaderBytes = shared.maxHeaderBytes();
  }

  /**
   * The factory: one policy per connection, for the Receive connectors of {@code server}, all counting their
   * connections in the shared {@code InboundConnections} and refusing header blocks larger than its limit.
   */
  public static ReceivePolicyFactory factory(Shared shared) {
    return connection -> new DirectoryReceivePolicy(shared,
        shared.views().get().flatMap(v -> v.matcher().select(connection.local(), connection.remote())));
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
    return views.get().filter(v -> v.memberHosts().contains(client)).isPresent();
  }

  @Override
  public SmtpReply checkSender(SessionFacts session, Optional<Mailbox> sender, OptionalLong declaredSize) {
    if (!spool.state().accepting()) {
      return spool.state().condition() == dev.sluice.node.spool.SpoolState.Condition.LOW_SPACE
          ? SmtpReply.INSUFFICIENT_STORAGE : SmtpReply.LOCAL_ERROR;
    }
    return connector.filter(c -> RelayRules.maySubmit(c, principal(session, c))).isPresent()
        ? SmtpReply.SENDER_OK : SUBMIT_DENIED;
  }

  @Override
  public SmtpReply checkRecipient(SessionFacts session, Optional<Mailbox> sender, Mailbox recipient) {
    List<dev.sluice.routing.model.AcceptedDomain> accepted =
        snapshots.get().map(s -> s.config().acceptedDomains()).orElse(List.of());
    if (recipient.domain().isEmpty()) {
      return SmtpReply.RECIPIENT_OK; // Postmaster of this host (RFC 5321 4.5.1).
    }
    return connector.filter(c -> RelayRules.mayReceiveFor(principal(session, c), recipient.domain(), accepted)).isPresent()
        ? SmtpReply.RECIPIENT_OK : SmtpReply.RELAY_DENIED;
  }

  /** The header block's size, then MaxHopCount and MaxLocalHopCount, this organization's servers read from the snapshot. */
  @Override
  public Optional<SmtpReply> checkContent(SessionFacts session, MessageContent content) {
    ReceiveLimits limits = connector.map(ReceiveConnector::limits).orElse(ReceiveLimits.HUB_DEFAULTS);
    Set<String> servers = views.get().map(ReceiveView::serverFqdns).orElse(Set.of());
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
    return connector.filter(c -> RelayRules.offersBasicAuth(c) || RelayRules.offersExchangeServerAuth(c)).isPresent()
        && ReceivePolicy.super.offerAuth(session);
  }

  /**
   * A transport server of the directory authenticates with its node secret when the connector offers the
   * ExchangeServer mechanism; anyone else is an SMTP user, when the connector offers basic authentication.
   */
  @Override
  public Authenticator authenticator() {
    return credentials -> CompletableFuture.supplyAsync(() -> {
      Optional<TransportServer> server = connector.filter(RelayRules::offersExchangeServerAuth)
          .flatMap(c -> snapshots.get()).flatMap(s -> s.config().servers().stream()
              .filter(t -> t.name().equalsIgnoreCase(credentials.username())).findFirst());
      if (server.isPresent()) {
        return nodeSecrets.verify(server.get().name(), credentials.password())
            ? Optional.of(new AuthIdentity(server.get().name(), AuthIdentity.Kind.SERVER))
            : Optional.<AuthIdentity>empty();
      }
      if (connector.filter(RelayRules::offersBasicAuth).isEmpty()) {
        return Optional.<AuthIdentity>empty();
      }
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

  /**
   * AUTH in clear (offered only to a client on this host) is for nodes alone: an SMTP user's password goes
   * inside TLS, as the rule and RFC 4954 section 4 want.
   */
  @Override
  public Optional<SmtpReply> refuseIdentity(SessionFacts session, AuthIdentity identity) {
    return identity.kind() == AuthIdentity.Kind.USER && !session.tlsActive()
        ? Optional.of(ENCRYPTION_REQUIRED) : Optional.empty();
  }

  private static final SmtpReply ENCRYPTION_REQUIRED =
      SmtpReply.of(538, "5.7.11", "Encryption required for requested authentication mechanism");

  /**
   * Who the session is: who authenticated, else a partner by its verified certificate, else an externally
   * secured server when {@code connector} says so (ExternalAuthoritative), else anonymous.
   */
  private static SessionPrincipal principal(SessionFacts session, ReceiveConnector connector) {
    if (session.identity().isPresent()) {
      return session.identity().get().kind() == AuthIdentity.Kind.SERVER
          ? SessionPrincipal.EXCHANGE_SERVER : SessionPrincipal.SMTP_USER;
    }
    if (session.verifiedClient().isPresent()) {
      return SessionPrincipal.PARTNER;
    }
    return RelayRules.externallySecured(connector) ? SessionPrincipal.EXCHANGE_SERVER : SessionPrincipal.ANONYMOUS;
  }
}
