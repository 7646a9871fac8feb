package dev.sluice.node.smtp.client;

import dev.sluice.node.spool.MailParameters.Body;
import dev.sluice.node.spool.MailParameters.Ret;
import dev.sluice.node.spool.Recipient;
import dev.sluice.routing.model.ProtocolLoggingLevel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

/**
 * The SMTP client of one Send connector (RFC 5321), on Netty with netty-codec-smtp: {@link #open} makes an
 * {@link SmtpConnection} to a server with the connector's settings, over which messages are sent in turn;
 * {@link #send} is the one-message shortcut (open, send, QUIT).
 *
 * <p>A session is EHLO (HELO when EHLO is refused or ForceHELO is set), STARTTLS when offered unless
 * IgnoreStartTLS ({@link Tls}: RequireTLS defers with {@code 451 4.7.10} rather than send in clear, a failed
 * handshake or a certificate without the expected name with {@code 451 4.7.5}), AUTH PLAIN or LOGIN with the
 * connector's credentials ({@code 454 4.7.0} when refused), then per message MAIL with SIZE, BODY and the
 * DSN parameters as offered, RCPT per recipient (pipelined when PIPELINING is offered), and BDAT when
 * CHUNKING is offered or else DATA. Each recipient gets the reply that decides it.
 *
 * <p>Thread-safe; one per connector, sharing the node's (NIO) event loops, its send protocol log and its
 * count of active connections. Nothing throws for what a server does and no future fails: trouble is a
 * 4xx for every recipient not yet decided, a 5xx only when the server gave one (or said by its SIZE or
 * missing BINARYMIME that it cannot take the message).
 */
public final class SmtpClient {
  /** The reply that decided one recipient (or the whole message). */
  public record Reply(int code, String text) {
    public boolean isSuccess() {
      return code >= 200 && code < 300;
    }

    public boolean isPermanent() {
      return code >= 500;
    }
  }

  /**
   * What one message is.
   *
   * @param sender the reverse path, empty for {@code <>}
   * @param recipients the recipients, each address once, with the DSN parameters to pass on (RFC 3461)
   * @param content the content as it goes out (CRLF line ends)
   * @param body the BODY type it came with (7bit when none was given)
   * @param envelopeId the ENVID (xtext) to pass on to a server that offers DSN
   * @param ret the RET to pass on to a server that offers DSN
   */
  public record Message(String sender, List<Recipient> recipients, byte[] content, Body body,
      Optional<String> envelopeId, Optional<Ret> ret) {
    public Message {
      SmtpText.requireLine(Objects.requireNonNull(sender, "sender (\"\" for <>)"), "sender");
      recipients = List.copyOf(recipients);
      if (recipients.isEmpty()) {
        throw new IllegalArgumentException("a message to send has at least one recipient");
      }
      Set<String> seen = new HashSet<>();
      for (Recipient r : recipients) {
        if (!seen.add(r.address())) {
          throw new IllegalArgumentException("recipient " + r.address() + " is given twice; give each once");
        }
        r.originalRecipient().ifPresent(orcpt -> SmtpText.requireXtext(orcpt, "ORCPT of " + r.address()));
      }
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(body, "body type (SEVEN_BIT when none was given)");
      envelopeId = envelopeId.map(id -> SmtpText.requireXtext(id, "ENVID"));
      Objects.requireNonNull(ret, "RET (Optional.empty() for none)");
    }

    /** A 7bit message to recipients without DSN parameters. */
    public Message(String sender, List<String> recipients, byte[] content) {
      this(sender, recipients.stream().map(Recipient::of).toList(), content, Body.SEVEN_BIT,
          Optional.empty(), Optional.empty());
    }
  }

  /**
   * How the client treats STARTTLS (a Send connector's IgnoreStartTLS and RequireTLS, and the certificate
   * check of BasicAuthRequireTLS or DomainSecureEnabled).
   *
   * @param context the client TLS context (trusted CAs, and the node's own certificate for mutual TLS);
   *     empty: never STARTTLS. Its trust manager decides which chains pass: for plain opportunistic TLS
   *     the caller gives one that accepts any (Netty's InsecureTrustManagerFactory), as Postfix's "may" does;
   *     built with {@code endpointIdentificationAlgorithm(null)}, since the name is checked per connection
   * @param require defer (4xx) rather than send in clear when STARTTLS is not offered or fails
   * @param ignoreStartTls never use STARTTLS even when offered
   * @param verifyName the name the server's certificate must hold (the configured smart host, or the
   *     recipient domain); empty: the certificate is checked against the trusted CAs only
   */
  public record Tls(Optional<SslContext> context, boolean require, boolean ignoreStartTls, Optional<String> verifyName) {
    /** Never STARTTLS. */
    public static final Tls NONE = new Tls(Optional.empty(), false, true, Optional.empty());

    public Tls {
      Objects.requireNonNull(context, "TLS context (Optional.empty() for none)");
      Objects.requireNonNull(verifyName, "name to verify (Optional.empty() for none)");
      if (require && (context.isEmpty() || ignoreStartTls)) {
        throw new IllegalArgumentException("RequireTLS needs a TLS context and STARTTLS not ignored");
      }
    }
  }

  /** The credentials of a smart host (BasicAuth): sent with AUTH PLAIN, or LOGIN when PLAIN is not offered. */
  public record Login(String username, String password) {
    public Login {
      Objects.requireNonNull(username, "user name");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Login[" + username + "]";
    }
  }

  private final EventLoopGroup group;
  private final SmtpClientSettings settings;
  private final Optional<ProtocolListener> protocolLog;
  private final IntConsumer activeConnections;

  /**
   * @param group the (NIO) event loops the connections run on
   * @param settings the connector's settings
   * @param protocolLog the node's send protocol log, used when the connector's ProtocolLoggingLevel is Verbose
   * @param activeConnections told {@code +1} when a connection is made and {@code -1} when it closes (for
   *     {@code sluice_smtp_client_connections_active}); called on the event loops
   */
  public SmtpClient(EventLoopGroup group, SmtpClientSettings settings, Optional<ProtocolListener> protocolLog,
      IntConsumer activeConnections) {
    this.group = Objects.requireNonNull(group, "event loop group");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.protocolLog = Objects.requireNonNull(protocolLog, "protocol log (Optional.empty() for none)");
    this.activeConnections = Objects.requireNonNull(activeConnections, "active connection counter");
  }

  public SmtpClient(EventLoopGroup group, String heloName, boolean forceHelo, Duration timeout) {
    this(group, heloName, forceHelo, timeout, Tls.NONE, Optional.empty());
  }

  public SmtpClient(EventLoopGroup group, String heloName, boolean forceHelo, Duration timeout, Tls tls) {
    this(group, heloName, forceHelo, timeout, tls, Optional.empty());
  }

  public SmtpClient(EventLoopGroup group, String heloName, boolean forceHelo, Duration timeout, Tls tls,
      Optional<Login> login) {
    this(group, SmtpClientSettings.defaults("", heloName).withForceHelo(forceHelo).withReplyTimeout(timeout)
        .withTls(tls).withLogin(login), Optional.empty(), n -> { });
  }

  public SmtpClientSettings settings() {
    return settings;
  }

  /**
   * Connects to {@code server} and sets the session up; the future completes once mail can be sent, or
   * with a connection that cannot be used ({@link SmtpConnection#failure} says why). It never fails.
   */
  public CompletableFuture<SmtpConnection> open(InetSocketAddress server) {
    ProtocolListener.SessionLog log = settings.protocolLogging() == ProtocolLoggingLevel.VERBOSE
        && protocolLog.isPresent() ? protocolLog.get().begin(settings.connector(), server)
        : ProtocolListener.SessionLog.NONE;
    return SmtpConnection.open(group.next(), server, settings, log, activeConnections);
  }

  /** Sends {@code message} to {@code server} over a connection of its own; the reply for each recipient. */
  public CompletableFuture<Map<String, Reply>> send(InetSocketAddress server, Message message) {
    return open(server).thenCompose(connection -> {
      CompletableFuture<SendOutcome> sent = connection.send(message);
      connection.close();
      return sent;
    }).thenApply(SendOutcome::replies);
  }
}
