package dev.sluice.node.smtp.server;

import dev.sluice.node.smtp.receive.MessageSink;
import dev.sluice.node.smtp.receive.ReceivePolicyFactory;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An ESMTP server on the bindings of one Receive connector: accepts connections and runs one
 * {@link dev.sluice.node.smtp.receive.SmtpSession} on each.
 *
 * <p>Lifecycle as Curator's recipes: LATENT, then {@link #start} (once) binds every address and returns
 * the bound ones (port 0 becomes the port the system chose); {@link #close()} is idempotent: it stops
 * accepting, asks every session to end ({@code 421 4.3.2} at once when idle, after the reply to the end
 * of data when a message is in flight), waits up to the shutdown grace, then closes what is left and
 * stops the event loops. If a binding fails, {@code start} closes what it bound and throws. Thread-safe.
 */
public final class SmtpServer implements AutoCloseable {
  private enum State { LATENT, STARTED, CLOSED }

  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private final SmtpServerSettings settings;
  private final Optional<SslContext> tls;
  private final ReceivePolicyFactory policies;
  private final MessageSink sink;
  private final SmtpServerEvents events;
  private final ChannelGroup listeners = new DefaultChannelGroup("smtp-listeners", GlobalEventExecutor.INSTANCE);
  private final ChannelGroup connections = new DefaultChannelGroup("smtp-connections", GlobalEventExecutor.INSTANCE);
  private EventLoopGroup acceptors;
  private volatile EventLoopGroup workers;

  /**
   * @param tls the server's TLS context; STARTTLS is offered only when it is present
   * @param policies makes each connection's policy
   * @param sink takes every received message
   */
  public SmtpServer(SmtpServerSettings settings, Optional<SslContext> tls, ReceivePolicyFactory policies,
      MessageSink sink) {
    this(settings, tls, policies, sink, SmtpServerEvents.NONE);
  }

  /** As the other constructor, with {@code events} told of sessions and replies (on the event loops). */
  public SmtpServer(SmtpServerSettings settings, Optional<SslContext> tls, ReceivePolicyFactory policies,
      MessageSink sink, SmtpServerEvents events) {
    this.settings = settings;
    this.tls = tls;
    this.policies = policies;
    this.sink = sink;
    this.events = events;
  }

  /** Binds every address; returns the bound addresses in the same order. */
  public List<InetSocketAddress> start(List<InetSocketAddress> bindings) throws InterruptedException {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("an SMTP server starts once; this one is " + state.get());
    }
    // epoll where Linux offers it (fewer system calls per connection), NIO elsewhere.
    boolean epoll = io.netty.channel.epoll.Epoll.isAvailable();
    IoHandlerFactory handlers = epoll ? io.netty.channel.epoll.EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("smtp-accept"), handlers);
    workers = new MultiThreadIoEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("smtp-io"), handlers);
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(acceptors, workers)
        .channel(epoll ? io.netty.channel.epoll.EpollServerSocketChannel.class : NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 256)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new SmtpServerInitializer(settings, tls, policies, sink, events, connections));
    List<InetSocketAddress> bound = new ArrayList<>();
    try {
      for (InetSocketAddress binding : bindings) {
        Channel listener = bootstrap.bind(binding).sync().channel();
        listeners.add(listener);
        bound.add((InetSocketAddress) listener.localAddress());
      }
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
    return List.copyOf(bound);
  }

  /** The event loops that run the sessions, for their meters; empty before {@link #start}. */
  public Iterable<EventExecutor> eventLoops() {
    EventLoopGroup group = workers;
    return group == null ? List.of() : group;
  }

  @Override
  public void close() {
    State previous = state.getAndSet(State.CLOSED);
    if (previous != State.STARTED) {
      return;
    }
    listeners.close().awaitUninterruptibly();
    connections.forEach(channel -> channel.pipeline().fireUserEventTriggered(SmtpServerHandler.SHUTDOWN));
    connections.newCloseFuture().awaitUninterruptibly(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    connections.close().awaitUninterruptibly();
    acceptors.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
