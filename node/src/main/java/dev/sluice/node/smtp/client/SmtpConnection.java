package dev.sluice.node.smtp.client;

import dev.sluice.node.smtp.client.SmtpClient.Message;
import dev.sluice.node.smtp.client.SmtpClient.Reply;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.smtp.SmtpRequestEncoder;
import io.netty.handler.codec.smtp.SmtpRequests;
import io.netty.handler.codec.smtp.SmtpResponse;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import javax.net.ssl.SSLException;

/**
 * One SMTP connection to one server, over which several messages are sent in turn (RFC 5321): opened by
 * {@link SmtpClient#open}, then {@link #send} once per message, up to the connector's
 * SmtpMaxMessagesPerConnection, after which it says QUIT by itself. MAIL follows a completed transaction at
 * once; a transaction that ended early (MAIL accepted but no recipient, DATA refused, a BDAT chunk refused)
 * is cleared with RSET first. An idle connection says QUIT after the connector's
 * ConnectionInactivityTimeOut.
 *
 * <p>Thread-safe: {@link #send} and {@link #close} may be called from any thread; the conversation runs on
 * one event loop. Messages given while one is being sent wait their turn. Nothing throws and no future
 * fails: a connection that cannot be made, set up, or kept (no reply within the reply timeout, a closed
 * socket, a reply that is not SMTP) decides every recipient not yet decided with a 4xx ({@link #failure}
 * says why), and from then on {@link #reusable} is false, so the caller opens another.
 */
public final class SmtpConnection implements AutoCloseable {
  private enum State { CONNECTING, SETUP, IDLE, SENDING, RESETTING, QUITTING, CLOSED }

  private record Pending(Message message, CompletableFuture<SendOutcome> future) {}

  private final EventLoop loop;
  private final InetSocketAddress server;
  private final SmtpClientSettings settings;
  private final ProtocolListener.SessionLog log;
  private final IntConsumer activeConnections;
  private final CompletableFuture<SmtpConnection> opened = new CompletableFuture<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final AtomicInteger given = new AtomicInteger();
  private final Deque<Pending> pending = new ArrayDeque<>();
  private volatile boolean usable;
  private volatile boolean closeAsked;
  private volatile Reply failure;
  private volatile InetSocketAddress local;

  // Confined to the event loop.
  private State state = State.CONNECTING;
  private Channel channel;
  private Capabilities capabilities = Capabilities.NONE;
  private SessionSetup setup;
  private MailTransaction transaction;
  private Pending current;
  private boolean needsReset;
  private int started;
  private ChannelLink link;
  private boolean closedLocally;
  private ScheduledFuture<?> idleTimer;

  private SmtpConnection(EventLoop loop, InetSocketAddress server, SmtpClientSettings settings,
      ProtocolListener.SessionLog log, IntConsumer activeConnections) {
    this.loop = loop;
    this.server = server;
    this.settings = settings;
    this.log = log;
    this.activeConnections = activeConnections;
  }

  /** Connects and sets up; the future completes once mail can be sent or the connection failed. */
  static CompletableFuture<SmtpConnection> open(EventLoop loop, InetSocketAddress server,
      SmtpClientSettings settings, ProtocolListener.SessionLog log, IntConsumer activeConnections) {
    SmtpConnection connection = new SmtpConnection(loop, server, settings, log, activeConnections);
    loop.execute(connection::connect);
    return connection.opened;
  }

  /**
   * Sends {@code message} once the messages given before it are done; the future holds each recipient's
   * deciding reply. On a connection that is not usable every recipient gets the reason as a 4xx.
   */
  public CompletableFuture<SendOutcome> send(Message message) {
    CompletableFuture<SendOutcome> future = new CompletableFuture<>();
    given.incrementAndGet();
    onLoop(() -> enqueue(new Pending(message, future)));
    return future;
  }

  /** Whether another message may be given: connected, set up, not closing, below the message limit. */
  public boolean reusable() {
    return usable && !closeAsked && given.get() < settings.maxMessagesPerConnection();
  }

  /**
   * Why the connection failed, once it did: a 4xx of the client's, or the server's own refusal (of the
   * greeting, EHLO, TLS or AUTH). Empty while it works and after an orderly QUIT.
   */
  public Optional<Reply> failure() {
    return Optional.ofNullable(failure);
  }

  public InetSocketAddress server() {
    return server;
  }

  /** The local end, once connected. */
  public Optional<InetSocketAddress> local() {
    return Optional.ofNullable(local);
  }

  /** Lets the messages already given finish, then says QUIT and closes. Idempotent. */
  @Override
  public void close() {
    closeAsked = true;
    onLoop(this::next);
  }

  /** Completes when the connection is closed (never exceptionally). */
  public CompletableFuture<Void> closed() {
    return closed;
  }

  private void onLoop(Runnable task) {
    if (loop.inEventLoop()) {
      task.run();
    } else {
      loop.execute(task);
    }
  }

  private void connect() {
    Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
            settings.replyTimeout().toMillis()))
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new ReplyDecoder(), new SmtpRequestEncoder(), new Handler());
          }
        });
    ChannelFuture connect = settings.sourceAddress()
        .map(source -> bootstrap.connect(server, new InetSocketAddress(source, 0)))
        .orElseGet(() -> bootstrap.connect(server));
    connect.addListener(f -> {
      if (!f.isSuccess()) {
        String from = settings.sourceAddress().map(a -> " from " + a.getHostAddress()).orElse("");
        Reply why = new Reply(421, "4.4.1 cannot connect to " + server + from + ": " + f.cause().getMessage());
        log.information("", "failed to connect: " + why.text());
        failure = why;
        state = State.CLOSED;
        opened.complete(this);
        failPending(why);
        closed.complete(null);
      }
    });
  }

  private void enqueue(Pending p) {
    if (state == State.CLOSED || state == State.QUITTING) {
      p.future().complete(decidedAll(p.message(), notUsable()));
      return;
    }
    pending.add(p);
    next();
  }

  /** What to do when nothing is in flight: RSET if needed, the next message, or QUIT. */
  private void next() {
    if (state != State.IDLE) {
      return;
    }
    cancel(idleTimer);
    if (needsReset) {
      state = State.RESETTING;
      link.send(SmtpRequests.rset());
      return;
    }
    Pending p = pending.poll();
    if (p == null) {
      if (closeAsked || started >= settings.maxMessagesPerConnection()) {
        quit();
      } else {
        idleTimer = loop.schedule(this::idle, settings.inactivityTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
      return;
    }
    if (started >= settings.maxMessagesPerConnection()) {
      pending.addFirst(p);
      quit();
      return;
    }
    started++;
    state = State.SENDING;
    current = p;
    transaction = new MailTransaction(p.message(), capabilities, link, this::transactionDone);
    transaction.start();
  }

  private void transactionDone(MailTransaction done) {
    Pending p = current;
    transaction = null;
    current = null;
    needsReset = !done.ended();
    if (state == State.SENDING) {
      state = State.IDLE;
    }
    if (started >= settings.maxMessagesPerConnection()) {
      usable = false;
    }
    p.future().complete(done.outcome(server, local()));
    next();
  }

  private void idle() {
    if (state == State.IDLE && pending.isEmpty()) {
      log.information("", "idle for " + settings.inactivityTimeout() + " (ConnectionInactivityTimeOut)");
      quit();
    }
  }

  private void quit() {
    if (state == State.QUITTING || state == State.CLOSED) {
      return;
    }
    usable = false;
    failPending(failure().orElseGet(
        () -> new Reply(421, "4.4.2 the connection to " + server + " was closing; send on another")));
    if (channel == null || !channel.isActive()) {
      closeLocally();
      return;
    }
    state = State.QUITTING;
    link.send(SmtpRequests.quit());
  }

  private void closeLocally() {
    closedLocally = true;
    if (channel != null) {
      channel.close();
    }
  }

  private Reply notUsable() {
    return failure().orElseGet(() -> new Reply(421, "4.4.2 the connection to " + server + " is closed"));
  }

  private void failPending(Reply why) {
    for (Pending p = pending.poll(); p != null; p = pending.poll()) {
      p.future().complete(decidedAll(p.message(), why));
    }
  }

  private SendOutcome decidedAll(Message message, Reply why) {
    Map<String, Reply> replies = new LinkedHashMap<>();
    message.recipients().forEach(r -> replies.put(r.address(), why));
    return new SendOutcome(replies, Optional.empty(), server, local(), false);
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  private void noReply() {
    giveUp(new Reply(421, "4.4.2 no reply from " + server + " within " + settings.replyTimeout()));
  }

  /** Ends the connection at once; {@code why} decides whatever is not decided yet. */
  private void giveUp(Reply why) {
    if (failure == null) {
      failure = why;
    }
    usable = false;
    if (state != State.CLOSED) {
      // On the way out: nothing more is sent, whatever is given now is decided with why.
      state = State.QUITTING;
    }
    closeLocally();
  }

  private final SessionSetup.Outcome setupOutcome = new SessionSetup.Outcome() {
    @Override
    public void ready(Capabilities offered) {
      capabilities = offered;
      setup = null;
      state = State.IDLE;
      usable = true;
      opened.complete(SmtpConnection.this);
      next();
    }

    @Override
    public void refused(Reply why, boolean quit) {
      setup = null;
      if (failure == null) {
        failure = why;
      }
      // Out of IDLE before the caller hears of it, so that nothing it sends starts a transaction.
      state = State.IDLE;
      if (quit) {
        quit();
      } else {
        giveUp(why);
      }
      opened.complete(SmtpConnection.this);
    }
  };

  /** The channel's events, on the event loop. */
  private final class Handler extends SimpleChannelInboundHandler<SmtpResponse> {
    private boolean counted;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      channel = ctx.channel();
      local = (InetSocketAddress) channel.localAddress();
      counted = true;
      activeConnections.accept(1);
      log.connected(local);
      state = State.SETUP;
      link = new ChannelLink(channel, log, settings.replyTimeout(), SmtpConnection.this::noReply);
      setup = new SessionSetup(settings, server, channel, link, setupOutcome);
      link.expect();
      ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SmtpResponse response) {
      link.replied();
      Reply reply = new Reply(response.code(), String.join(" ", response.details()));
      if (log != ProtocolListener.SessionLog.NONE) {
        log.received(reply.text().isEmpty() ? String.valueOf(reply.code()) : reply.code() + " " + reply.text());
      }
      switch (state) {
        case SETUP -> setup.onReply(response, reply);
        case SENDING -> transaction.onReply(reply);
        case RESETTING -> {
          if (reply.isSuccess()) {
            needsReset = false;
            state = State.IDLE;
            next();
          } else {
            failure = new Reply(421, "4.4.2 RSET was refused: " + reply.code() + " " + reply.text());
            state = State.IDLE;
            quit();
          }
        }
        case QUITTING -> closeLocally();
        case CONNECTING, IDLE, CLOSED -> {
          // Unasked: typically 421 before the server closes an idle connection.
          giveUp(new Reply(421, "4.4.2 the server said " + reply.code() + " " + reply.text() + " unasked"));
        }
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (counted) {
        counted = false;
        activeConnections.accept(-1);
      }
      link.stop();
      cancel(idleTimer);
      boolean wasQuitting = state == State.QUITTING;
      state = State.CLOSED;
      usable = false;
      Reply why = notUsable();
      if (failure == null && !wasQuitting) {
        failure = new Reply(421, "4.4.2 the connection to " + server + " was closed");
        why = failure;
      }
      opened.complete(SmtpConnection.this);
      if (transaction != null) {
        transaction.abort(why);
      }
      failPending(why);
      log.disconnected(closedLocally ? "Local" : "Remote");
      closed.complete(null);
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // A TLS alert while the session is set up (TLS 1.3 reports a refused client certificate after the
      // client's handshake is done) is a TLS failure, as a failed handshake is.
      boolean tls = cause instanceof SSLException || cause.getCause() instanceof SSLException;
      giveUp(tls && state == State.SETUP
          ? new Reply(451, "4.7.5 TLS with " + server + " failed: " + cause.getMessage())
          : new Reply(421, "4.4.2 the connection to " + server + " failed: " + cause.getMessage()));
    }
  }
}
