package dev.sluice.node.smtp.server;

import dev.sluice.node.smtp.SmtpReply;
import dev.sluice.node.smtp.codec.SmtpInput;
import dev.sluice.node.smtp.codec.SmtpServerCodec;
import dev.sluice.node.smtp.codec.SmtpServerDecoder;
import dev.sluice.node.smtp.receive.ConnectionFacts;
import dev.sluice.node.smtp.receive.MessageSink;
import dev.sluice.node.smtp.receive.ReceivePolicyFactory;
import dev.sluice.node.smtp.receive.ReceivePolicy;
import dev.sluice.node.smtp.receive.SessionSettings;
import dev.sluice.node.smtp.receive.SmtpSession;
import dev.sluice.node.smtp.receive.Step;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one connection's decoded input to its {@link SmtpSession} and carries out the session's steps:
 * writes replies, switches the decoder's mode, starts TLS, waits for futures, closes.
 *
 * <p>Replies are written as the session makes them and flushed when a read is done, so pipelined commands
 * get their replies in order in one packet (RFC 2920). While the session waits for the sink or the
 * authenticator, the decoder is paused and reading stopped; the future may complete on any thread, and
 * the reply is written from the channel's event loop. On STARTTLS the bytes buffered behind the command
 * are dropped and the {@link SslHandler} goes in front, in start-TLS mode so the 220 leaves in clear
 * (RFC 3207, CVE-2011-0411). Timeouts answer {@code 421 4.4.2}: the connection timeout, and the deadlines
 * of {@link ClientDeadline} (a whole command within the inactivity timeout; while content is read, octets
 * within the data timeout and at the minimum rate), watched by a {@link DeadlineWatch}. Not sharable: one
 * per connection, every method on its event loop.
 */
final class SmtpServerHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpServerHandler.class);

  /** Fired at every connection by a stopping server. */
  static final Object SHUTDOWN = new Object();

  private final SmtpServerSettings settings;
  private final Optional<SslContext> tls;
  private final ReceivePolicyFactory policies;
  private final MessageSink sink;
  private final SmtpServerEvents events;
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();
  private ChannelHandlerContext ctx;
  private SmtpServerDecoder decoder;
  private SmtpSession session;
  private DeadlineWatch deadline;
  private boolean greeted;
  private boolean closing;
  /** What a client may pipeline while its session waits (for the spool, the authenticator) before reading stops. */
  static final int MAX_BUFFERED_WHILE_WAITING = 64 * 1024;
  private boolean shutdownRequested;
  private boolean opened;

  SmtpServerHandler(SmtpServerSettings settings, Optional<SslContext> tls, ReceivePolicyFactory policies,
      MessageSink sink, SmtpServerEvents events) {
    this.settings = settings;
    this.tls = tls;
    this.policies = policies;
    this.sink = sink;
    this.events = events;
  }

  @Override
  public void channelActive(ChannelHandlerContext context) {
    ctx = context;
    decoder = ctx.pipeline().get(SmtpServerCodec.class).decoder();
    ConnectionFacts facts = new ConnectionFacts((InetSocketAddress) ctx.channel().remoteAddress(),
        (InetSocketAddress) ctx.channel().localAddress());
    ReceivePolicy policy = policies.forConnection(facts);
    // The Receive connector that serves the connection may set its own limits (Exchange's
    // MaxProtocolErrors, ConnectionTimeout, ConnectionInactivityTimeout); the server's are the fallback.
    int errors = Math.max(1, policy.maxProtocolErrors().orElse(settings.maxProtocolErrors()));
    session = new SmtpSession(new SessionSettings(settings.fqdn(), errors, settings.junkCommandLimit(), tls.isPresent(),
        settings.lineLimits().textLine()), facts, policy, sink);
    deadline = new DeadlineWatch(new ClientDeadline(policy.inactivityTimeout().orElse(settings.inactivityTimeout()),
        settings.contentPace()), ctx.executor(), this::late);
    opened = true;
    events.sessionOpened();
    timers.add(ctx.executor().schedule(this::timedOut,
        policy.connectionTimeout().orElse(settings.connectionTimeout()).toMillis(), TimeUnit.MILLISECONDS));
    if (settings.greetingDelay().isZero()) {
      greet();
    } else {
      timers.add(ctx.executor().schedule(this::greet, settings.greetingDelay().toMillis(), TimeUnit.MILLISECONDS));
    }
    ctx.fireChannelActive();
  }

  private void greet() {
    if (closing) {
      return;
    }
    greeted = true;
    // RFC 5321 section 4.3.1: a client that spoke before the greeting is not waiting for replies (row 34).
    act(decoder.hasPendingInput() ? session.talkedBeforeGreeting() : session.greet());
    ctx.flush();
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object message) {
    if (!(message instanceof SmtpInput input)) {
      ReferenceCountUtil.release(message);
      return;
    }
    if (!closing) {
      act(session.input(input));
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext context) {
    // Once per read, not per octet: enough for the data timeout and the rate, and cheap.
    deadline.contentRead(decoder.contentRead());
    if (decoder.isPaused() && decoder.bufferedBytes() > MAX_BUFFERED_WHILE_WAITING && ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(false);
    }
    ctx.flush();
    context.fireChannelReadComplete();
  }

  private void act(Step step) {
    if (step instanceof Step.Reply reply) {
      write(reply.reply());
      deadline.awaitCommand();
      if (shutdownRequested && !session.inTransaction()) {
        act(session.shuttingDown());
      }
    } else if (step instanceof Step.ReplyAndClose close) {
      closing = true;
      decoder.pause();
      events.replySent(close.reply().code());
      ctx.writeAndFlush(close.reply()).addListener(ChannelFutureListener.CLOSE);
    } else if (step instanceof Step.Challenge challenge) {
      write(challenge.challenge());
      decoder.expectAuthLine();
      deadline.awaitCommand();
    } else if (step instanceof Step.ReadData data) {
      write(data.goAhead());
      decoder.expectData(data.limit());
      deadline.awaitContent();
    } else if (step instanceof Step.ReadChunk chunk) {
      decoder.expectChunk(chunk.size(), chunk.keep());
      deadline.awaitContent();
    } else if (step instanceof Step.StartTls start) {
      // The handshake has its own timeout; the next command's deadline starts when TLS is up.
      deadline.suspend();
      startTls(start.ready());
    } else if (step instanceof Step.Await await) {
      // While the server waits for the sink or the authenticator, the silence is the server's.
      deadline.suspend();
      awaitThenResume(await);
    }
  }

  private void late(ClientDeadline.Expiry late) {
    if (closing) {
      return;
    }
    if (late instanceof ClientDeadline.Expiry.TooSlow slow) {
      act(session.dataTooSlow(slow.rate(), settings.contentPace().minDataRate()));
    } else if (late instanceof ClientDeadline.Expiry.DataTimeout) {
      act(session.dataTimedOut());
    } else {
      act(session.timedOut());
    }
  }

  private void write(SmtpReply reply) {
    events.replySent(reply.code());
    ctx.write(reply).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
  }

  private void startTls(SmtpReply ready) {
    decoder.discardBuffered();
    SslHandler startTls = new SslHandler(tls.orElseThrow().newEngine(ctx.alloc()), true);
    startTls.setHandshakeTimeoutMillis(settings.tlsHandshakeTimeout().toMillis());
    ctx.pipeline().addFirst("tls", startTls);
    events.replySent(ready.code());
    ctx.writeAndFlush(ready);
    startTls.handshakeFuture().addListener(done -> {
      if (done.isSuccess()) {
        session.tlsStarted(ClientCertificates.verifiedSubject(startTls.engine()));
        deadline.awaitCommand();
      } else {
        LOG.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), done.cause().toString());
        closing = true;
        ctx.close();
      }
    });
  }

  private void awaitThenResume(Step.Await await) {
    // Reading goes on (turning it off and on costs two system calls a message); what a client pipelines
    // meanwhile waits undecoded, and past MAX_BUFFERED_WHILE_WAITING reading stops (channelReadComplete).
    decoder.pause();
    ctx.flush();
    await.until().whenComplete((result, failure) -> ctx.executor().execute(() -> {
      if (closing || !ctx.channel().isActive()) {
        return;
      }
      decoder.expectCommands();
      act(session.resume());
      ctx.flush();
      if (!closing) {
        if (!ctx.channel().config().isAutoRead()) {
          ctx.channel().config().setAutoRead(true);
        }
        decoder.decodeBuffered();
        ctx.flush();
      }
    }));
  }

  private void timedOut() {
    if (!closing && greeted) {
      act(session.timedOut());
    } else if (!closing) {
      closing = true;
      ctx.close();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext context, Object event) {
    if (event == SHUTDOWN) {
      shutdownRequested = true;
      if (!closing && !session.inTransaction()) {
        act(session.shuttingDown());
      }
    } else {
      context.fireUserEventTriggered(event);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    closing = true;
    timers.forEach(timer -> timer.cancel(false));
    deadline.stop();
    if (opened) {
      opened = false;
      session.closed();
      events.sessionClosed();
    }
    context.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    LOG.debug("SMTP connection from {} failed: {}", context.channel().remoteAddress(), cause.toString());
    closing = true;
    context.close();
  }
}
