package dev.sluice.node.delivery;

import dev.sluice.node.NamedThreads;
import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.node.config.HostPort;
import dev.sluice.node.config.NodeConfig;
import dev.sluice.node.delivery.dsn.DsnBuilder;
import dev.sluice.node.lifecycle.SluiceVersion;
import dev.sluice.node.smtp.client.SendProtocolLog;
import dev.sluice.node.smtp.client.SmtpClient;
import dev.sluice.node.spool.Spool;
import dev.sluice.node.spool.SpoolId;
import dev.sluice.routing.decision.NextHopType;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/**
 * Delivery as a node runs it: the {@link QueueManager} with its threads (the {@code sluice-delivery} timer,
 * up to {@value #SESSION_THREADS} session threads, one event loop for the SMTP client), the resolvers of
 * {@code dns.servers} and {@code dns.external-servers}, and the client TLS contexts. Closing it stops them.
 */
public final class Delivery implements AutoCloseable {
  /**
   * Sessions at once over every queue: a stalled destination holds at most queue.max-per-domain-connections
   * of them (20), so several stalled ones still leave threads for healthy destinations.
   */
  static final int SESSION_THREADS = 128;
  /** A DSN returns the whole failed message up to this size, else its header section alone. */
  static final int MAX_RETURNED_OCTETS = 1024 * 1024;

  private final QueueManager manager;
  private final ScheduledExecutorService timer;
  private final ExecutorService sessions;
  private final EventLoopGroup loops;
  private final SendProtocolLog protocolLog;
  private final AtomicInteger connections;

  private Delivery(QueueManager manager, ScheduledExecutorService timer, ExecutorService sessions, EventLoopGroup loops,
      SendProtocolLog protocolLog, AtomicInteger connections) {
    this.protocolLog = protocolLog;
    this.connections = connections;
    this.manager = manager;
    this.timer = timer;
    this.sessions = sessions;
    this.loops = loops;
  }

  /**
   * Builds delivery for a node of {@code config}.
   *
   * @param nodeSecret the node's own secret, for ExchangeServer authentication
   * @param credentials a smart host login by secret id
   */
  public static Delivery create(NodeConfig config, Spool spool, Supplier<Optional<DirectorySnapshot>> snapshots,
      Clock clock, Supplier<Optional<String>> nodeSecret, Function<String, Optional<SmtpClient.Login>> credentials,
      DeliveryEvents events) throws IOException {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("sluice-delivery"));
    java.util.concurrent.ThreadPoolExecutor sessions = new java.util.concurrent.ThreadPoolExecutor(SESSION_THREADS,
        SESSION_THREADS, 60, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
        NamedThreads.daemon("sluice-delivery-session"));
    // Idle threads go: a quiet node holds none, a busy one up to the bound.
    sessions.allowCoreThreadTimeOut(true);
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NamedThreads.daemon("sluice-smtp-client"), NioIoHandler.newFactory());
    try {
      NextHopHosts hosts = new NextHopHosts(
          new MxResolver(resolver(config.dns().servers()), new SecureRandom()),
          new MxResolver(resolver(config.dns().forExternalLookups()), new SecureRandom()));
      SessionPlans plans = new SessionPlans(config.server().name(), config.server().fqdn(),
          clientContext(config.smtp().tls(), false), clientContext(config.smtp().tls(), true), nodeSecret, credentials,
          config.queue().replyTimeout(), Optional.of(InetAddress.getByName(config.smtp().listen().host())));
      SendProtocolLog protocolLog = new SendProtocolLog(config.sendProtocolLogDir(), SluiceVersion.get(), clock);
      AtomicInteger connections = new AtomicInteger();
      SmtpDelivery smtp = new SmtpDelivery(hosts, plans, loops, Optional.of(protocolLog), connections::addAndGet);
      DeliverySession.Factory factory = type -> type == NextHopType.NON_SMTP_GATEWAY_DELIVERY ? new DropDelivery() : smtp;
      java.util.concurrent.atomic.AtomicReference<QueueManager> submitTo = new java.util.concurrent.atomic.AtomicReference<>();
      Bounces bounces = new DsnBounces(spool, new DsnBuilder(config.server().fqdn(), MAX_RETURNED_OCTETS, new SecureRandom()),
          config.server().name(), config.server().fqdn(), clock, config.queue().messageExpirationTimeout(),
          id -> submitTo.get().submit(id), events);
      QueueManager manager = new QueueManager(new QueueManager.Settings(config.server().name(), config.queue(),
          config.limits().poisonThreshold()), spool,
          snapshots, clock, timer, sessions, factory, bounces, events);
      submitTo.set(manager);
      return new Delivery(manager, timer, sessions, loops, protocolLog, connections);
    } catch (IOException | RuntimeException e) {
      timer.shutdownNow();
      sessions.shutdownNow();
      loops.shutdownGracefully();
      throw e;
    }
  }

  /** The SMTP client connections open now ({@code sluice_smtp_client_connections_active}). */
  public int clientConnections() {
    return connections.get();
  }

  public QueueManager queues() {
    return manager;
  }

  public void start() {
    manager.start();
  }

  public void submit(SpoolId id) {
    manager.submit(id);
  }

  public void directoryChanged() {
    manager.directoryChanged();
  }

  /** The resolvers at {@code servers}, or the system's when none are configured. */
  static Resolver resolver(List<HostPort> servers) throws UnknownHostException {
    if (servers.isEmpty()) {
      return new ExtendedResolver();
    }
    List<Resolver> each = new ArrayList<>();
    for (HostPort server : servers) {
      SimpleResolver r = new SimpleResolver(server.host());
      r.setPort(server.port());
      each.add(r);
    }
    return each.size() == 1 ? each.get(0) : new ExtendedResolver(each);
  }

  /**
   * A client TLS context that presents the node's certificate (when it has one) and either accepts any
   * server certificate (opportunistic STARTTLS) or checks it against {@code smtp.tls.trust-certificates}, or
   * the JVM's authorities when that is not set. The host name is checked per connection, not here.
   */
  static SslContext clientContext(NodeConfig.Smtp.Tls tls, boolean verify) throws IOException {
    SslContextBuilder builder = SslContextBuilder.forClient().endpointIdentificationAlgorithm(null);
    if (tls.hasCertificate()) {
      builder.keyManager(tls.certificate().orElseThrow().toFile(), tls.key().orElseThrow().toFile());
    }
    if (!verify) {
      builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
    } else if (tls.trustCertificates().isPresent()) {
      builder.trustManager(tls.trustCertificates().get().toFile());
    }
    return builder.build();
  }


  @Override
  public void close() {
    manager.close();
    timer.shutdownNow();
    sessions.shutdownNow();
    loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    protocolLog.close();
  }
}
