package dev.sluice.node.smtp.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.smtp.SmtpRequest;
import io.netty.handler.codec.smtp.SmtpRequestEncoder;
import io.netty.handler.codec.smtp.SmtpRequests;
import io.netty.handler.codec.smtp.SmtpResponse;
import io.netty.handler.codec.smtp.SmtpResponseDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends one message over one SMTP connection (RFC 5321), on Netty with netty-codec-smtp: EHLO (HELO when
 * EHLO is refused or asked for), MAIL with SIZE when offered, a message larger than the server's SIZE not
 * sent at all, one RCPT per recipient, then BDAT when CHUNKING is offered or else DATA, and QUIT. Each
 * recipient gets the reply that decides it: its RCPT refusal, or the reply to the end of the data.
 *
 * <p>STARTTLS when the server offers it and the connector does not ignore it ({@link Tls}), with EHLO again
 * inside; RequireTLS defers with {@code 451 4.7.10} rather than send in clear, and a failed handshake or a
 * certificate without the expected name defers with {@code 451 4.7.5}. AUTH, pipelining and connection
 * reuse come next.
 * Thread-safe: each {@link #send} uses its own connection on the given (NIO) event loops. A connection that fails
 * or times out ({@code timeout} per reply) completes every recipient not yet decided with a 4xx, so the
 * message is tried again; the future never fails.
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

  /** What one message is: the reverse path (empty for {@code <>}), the recipients, the content. */
  public record Message(String sender, List<String> recipients, byte[] content) {
    public Message {
      Objects.requireNonNull(sender, "sender");
      recipients = List.copyOf(recipients);
      if (recipients.isEmpty()) {
        throw new IllegalArgumentException("a message to send has at least one recipient");
      }
      Objects.requireNonNull(content, "content");
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

  private static final int BDAT_CHUNK = 64 * 1024;
  private static final SmtpRequest STARTTLS =
      new io.netty.handler.codec.smtp.DefaultSmtpRequest(io.netty.handler.codec.smtp.SmtpCommand.valueOf("STARTTLS"));

  private final EventLoopGroup group;
  private final String heloName;
  private final boolean forceHelo;
  private final Duration timeout;
  private final Tls tls;
  private final Optional<Login> login;

  public SmtpClient(EventLoopGroup group, String heloName, boolean forceHelo, Duration timeout) {
    this(group, heloName, forceHelo, timeout, Tls.NONE, Optional.empty());
  }

  public SmtpClient(EventLoopGroup group, String heloName, boolean forceHelo, Duration timeout, Tls tls) {
    this(group, heloName, forceHelo, timeout, tls, Optional.empty());
  }

  public SmtpClient(EventLoopGroup group, String heloName, boolean forceHelo, Duration timeout, Tls tls,
      Optional<Login> login) {
    this.group = group;
    this.heloName = heloName;
    this.forceHelo = forceHelo;
    this.timeout = timeout;
    this.tls = Objects.requireNonNull(tls, "TLS settings");
    this.login = Objects.requireNonNull(login, "login (Optional.empty() for none)");
  }

  /** Sends {@code message} to {@code server}; the reply for each recipient, in the message's order. */
  public CompletableFuture<Map<String, Reply>> send(InetSocketAddress server, Message message) {
    CompletableFuture<Map<String, Reply>> done = new CompletableFuture<>();
    Session session = new Session(message, done, server);
    ChannelFuture connect = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new ReadTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS),
                new SmtpResponseDecoder(8192), new SmtpRequestEncoder(), session);
          }
        })
        .connect(server);
    connect.addListener(f -> {
      if (!f.isSuccess()) {
        session.failAll(new Reply(421, "cannot connect to " + server + ": " + f.cause().getMessage()));
      }
    });
    return done;
  }

  private enum Step { GREETING, EHLO, HELO, STARTTLS, AUTH, AUTH_USER, AUTH_PASSWORD, MAIL, RCPT, DATA, CONTENT, QUIT, DONE }

  /** One connection's conversation; runs on its channel's event loop. */
  private final class Session extends SimpleChannelInboundHandler<SmtpResponse> {
    private final Message message;
    private final CompletableFuture<Map<String, Reply>> done;
    private final Map<String, Reply> outcome = new LinkedHashMap<>();
    private final Deque<String> toAsk = new ArrayDeque<>();
    private final List<String> accepted = new ArrayList<>();
    private final Deque<ByteBuf> chunks = new ArrayDeque<>();
    private Capabilities capabilities = Capabilities.NONE;
    private Step step = Step.GREETING;
    private String asking;
    private Channel channel;
    private final InetSocketAddress server;
    private boolean inTls;

    Session(Message message, CompletableFuture<Map<String, Reply>> done, InetSocketAddress server) {
      this.message = message;
      this.done = done;
      this.server = server;
      toAsk.addAll(message.recipients());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      channel = ctx.channel();
      ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SmtpResponse response) {
      Reply reply = new Reply(response.code(), String.join(" ", response.details()));
      switch (step) {
        case GREETING -> {
          if (reply.code() != 220) {
            quit(reply);
            return;
          }
          if (forceHelo) {
            send(Step.HELO, SmtpRequests.helo(heloName));
          } else {
            send(Step.EHLO, SmtpRequests.ehlo(heloName));
          }
        }
        case EHLO -> {
          if (reply.isSuccess()) {
            capabilities = Capabilities.of(response);
            tlsOrMail();
          } else {
            send(Step.HELO, SmtpRequests.helo(heloName));
          }
        }
        case HELO -> {
          if (!reply.isSuccess()) {
            quit(reply);
            return;
          }
          tlsOrMail();
        }
        case AUTH, AUTH_PASSWORD -> {
          if (reply.code() == 334 && step == Step.AUTH) {
            step = Step.AUTH_USER;
            channel.writeAndFlush(SmtpRequests.empty(base64(login.orElseThrow().username())));
          } else if (reply.code() == 235) {
            mail();
          } else {
            // A refused login is the connector's configuration to fix, not the message's fault: defer.
            quit(new Reply(454, "4.7.0 authentication as " + login.orElseThrow().username() + " failed: "
                + reply.code() + " " + reply.text()));
          }
        }
        case AUTH_USER -> {
          if (reply.code() != 334) {
            quit(new Reply(454, "4.7.0 AUTH LOGIN failed: " + reply.code() + " " + reply.text()));
            return;
          }
          step = Step.AUTH_PASSWORD;
          channel.writeAndFlush(SmtpRequests.empty(base64(login.orElseThrow().password())));
        }
        case STARTTLS -> {
          if (reply.code() != 220) {
            notInTls("STARTTLS was refused: " + reply.code() + " " + reply.text());
            return;
          }
          startTls();
        }
        case MAIL -> {
          if (!reply.isSuccess()) {
            quit(reply);
            return;
          }
          nextRecipient();
        }
        case RCPT -> {
          if (reply.isSuccess()) {
            accepted.add(asking);
          } else {
            outcome.put(asking, reply);
          }
          nextRecipient();
        }
        case DATA -> {
          if (reply.code() != 354) {
            quit(reply);
            return;
          }
          step = Step.CONTENT;
          channel.writeAndFlush(OutboundContent.data(message.content(), channel.alloc()));
        }
        case CONTENT -> {
          // BDAT: every chunk is answered; DATA: the one reply to the end of data.
          if (!reply.isSuccess() || chunks.isEmpty()) {
            chunks.forEach(ByteBuf::release);
            chunks.clear();
            quit(reply);
            return;
          }
          channel.writeAndFlush(chunks.poll());
        }
        case QUIT, DONE -> finish();
      }
    }

    /** STARTTLS when offered and wanted; with RequireTLS, no mail in clear. */
    private void tlsOrMail() {
      if (!inTls && tls.context().isPresent() && !tls.ignoreStartTls() && capabilities.startTls()) {
        send(Step.STARTTLS, STARTTLS);
        return;
      }
      if (!inTls && tls.require()) {
        notInTls("the server offers no STARTTLS");
        return;
      }
      authOrMail();
    }

    /** AUTH PLAIN (RFC 4616), or LOGIN when only that is offered, when the connector has credentials. */
    private void authOrMail() {
      if (login.isEmpty()) {
        mail();
        return;
      }
      Login l = login.get();
      if (capabilities.authMechanisms().contains("PLAIN")) {
        send(Step.AUTH, SmtpRequests.auth("PLAIN", base64("\0" + l.username() + "\0" + l.password())));
      } else if (capabilities.authMechanisms().contains("LOGIN")) {
        send(Step.AUTH, SmtpRequests.auth("LOGIN"));
      } else {
        quit(new Reply(454, "4.7.0 the server offers neither AUTH PLAIN nor LOGIN, and this connector authenticates"));
      }
    }

    /** RequireTLS: defer every recipient; otherwise go on in clear (opportunistic TLS). */
    private void notInTls(String why) {
      if (tls.require()) {
        quit(new Reply(451, "4.7.10 TLS is required for this connector and " + why));
      } else {
        authOrMail();
      }
    }

    private void startTls() {
      String peer = tls.verifyName().orElse(server.getHostString());
      javax.net.ssl.SSLEngine engine = tls.context().orElseThrow().newEngine(channel.alloc(), peer, server.getPort());
      javax.net.ssl.SSLParameters parameters = engine.getSSLParameters();
      // With a name to verify, the certificate must hold it (RFC 6125, as HTTPS checks it); without one, the
      // peer is reached by an MX or an address and no name in its certificate can be expected.
      parameters.setEndpointIdentificationAlgorithm(tls.verifyName().isPresent() ? "HTTPS" : null);
      engine.setSSLParameters(parameters);
      SslHandler handler = new SslHandler(engine);
      channel.pipeline().addFirst("tls", handler);
      handler.handshakeFuture().addListener(f -> {
        if (f.isSuccess()) {
          inTls = true;
          capabilities = Capabilities.NONE;
          // RFC 3207 section 4.2: everything said before TLS is forgotten; EHLO again.
          send(Step.EHLO, SmtpRequests.ehlo(heloName));
        } else {
          failAll(new Reply(451, "4.7.5 the TLS handshake with " + peer + " failed: " + f.cause().getMessage()));
          channel.close();
        }
      });
    }

    private static String base64(String text) {
      return java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void mail() {
      if (capabilities.sizeOffered() && !capabilities.admits(message.content().length)) {
        // Not sent at all: the server said it takes nothing this large (RFC 1870).
        quit(new Reply(552, "5.3.4 the message of " + message.content().length + " octets is larger than the "
            + capabilities.size().getAsLong() + " the server accepts"));
        return;
      }
      List<CharSequence> parameters = new ArrayList<>();
      if (capabilities.sizeOffered()) {
        parameters.add("SIZE=" + message.content().length);
      }
      send(Step.MAIL, SmtpRequests.mail(message.sender().isEmpty() ? null : message.sender(),
          parameters.toArray(CharSequence[]::new)));
    }

    private void nextRecipient() {
      if (!toAsk.isEmpty()) {
        asking = toAsk.poll();
        send(Step.RCPT, SmtpRequests.rcpt(asking));
        return;
      }
      if (accepted.isEmpty()) {
        quit(null);
        return;
      }
      if (capabilities.chunking()) {
        chunks.addAll(OutboundContent.bdat(message.content(), BDAT_CHUNK, channel.alloc()));
        step = Step.CONTENT;
        channel.writeAndFlush(chunks.poll());
      } else {
        send(Step.DATA, SmtpRequests.data());
      }
    }

    /** Decides every recipient not yet decided with {@code reply} (when given), then says QUIT. */
    private void quit(Reply reply) {
      if (reply != null) {
        for (String r : message.recipients()) {
          outcome.putIfAbsent(r, reply);
        }
      }
      send(Step.QUIT, SmtpRequests.quit());
    }

    private void send(Step next, SmtpRequest request) {
      step = next;
      channel.writeAndFlush(request);
    }

    private void finish() {
      step = Step.DONE;
      channel.close();
      complete();
    }

    void failAll(Reply reply) {
      for (String r : message.recipients()) {
        outcome.putIfAbsent(r, reply);
      }
      complete();
    }

    private void complete() {
      Map<String, Reply> ordered = new LinkedHashMap<>();
      for (String r : message.recipients()) {
        ordered.put(r, outcome.getOrDefault(r, new Reply(421, "4.4.2 the connection ended before " + r
            + " was decided")));
      }
      done.complete(ordered);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      chunks.forEach(ByteBuf::release);
      chunks.clear();
      if (!done.isDone()) {
        failAll(new Reply(421, "4.4.2 the connection was closed"));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      failAll(new Reply(421, "4.4.2 " + cause));
      ctx.close();
    }
  }
}
