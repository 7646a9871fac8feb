package dev.sluice.node.lifecycle;

import dev.sluice.node.NamedThreads;
import dev.sluice.directory.secrets.ClusterKey;
import dev.sluice.directory.secrets.SecretBox;
import java.security.SecureRandom;
import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.Member;
import dev.sluice.directory.secrets.PasswordHasher;
import dev.sluice.directory.zookeeper.Credentials;
import dev.sluice.node.config.HostPort;
import dev.sluice.node.config.NodeConfig;
import dev.sluice.node.metrics.Health;
import dev.sluice.node.metrics.MetricsServer;
import dev.sluice.node.metrics.NodeMetrics;
import dev.sluice.node.smtp.codec.LineLimits;
import dev.sluice.node.smtp.receive.InboundConnections;
import dev.sluice.node.smtp.server.ContentPace;
import dev.sluice.node.smtp.server.SmtpServer;
import dev.sluice.node.smtp.server.SmtpServerEvents;
import dev.sluice.node.smtp.server.SmtpServerSettings;
import dev.sluice.node.spool.SegmentLogSpool;
import dev.sluice.node.spool.Spool;
import dev.sluice.node.spool.SpoolConfig;
import dev.sluice.node.spool.Syncer;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveLimits;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import dev.sluice.node.delivery.Delivery;
import dev.sluice.node.smtp.client.SmtpClient;

/**
 * One running Hub or Edge node: started in dependency order (ZooKeeper if embedded, the spool, the
 * directory, the SMTP server, the metrics endpoint) and closed in the reverse one, so that SIGTERM stops
 * accepting first, lets sessions in flight finish within the grace, deregisters, and flushes the spool.
 *
 * <p>Thread-safe; {@link #close} is idempotent. What it accepts stays in the spool until delivery
 * exists (the next issue).
 */
public final class TransportNode implements AutoCloseable {
  private final List<AutoCloseable> parts;
  private final InetSocketAddress smtp;
  private final InetSocketAddress metricsAddress;
  private final Spool spool;
  private final NodeDirectory directory;
  private final dev.sluice.node.delivery.QueueManager queues;
  private boolean closed;

  private TransportNode(List<AutoCloseable> parts, InetSocketAddress smtp, InetSocketAddress metricsAddress, Spool spool,
      NodeDirectory directory, dev.sluice.node.delivery.QueueManager queues) {
    this.queues = queues;
    this.parts = parts;
    this.smtp = smtp;
    this.metricsAddress = metricsAddress;
    this.spool = spool;
    this.directory = directory;
  }

  /**
   * Starts a node with {@code config}; {@code seedEmbedded} seeds the embedded default's domain and
   * Foreign connector (into {@code dropDirectory}) in an open directory.
   */
  public static TransportNode start(NodeConfig config, boolean seedEmbedded, Path dropDirectory, Clock clock,
      PrintStream console) throws Exception {
    List<AutoCloseable> parts = new ArrayList<>();
    try {
      String connect = config.zooKeeper().connect();
      if (config.zooKeeper().isEmbedded()) {
        int port = EmbeddedZooKeeper.isFree("127.0.0.1", 2181) ? 2181 : EmbeddedZooKeeper.freePort("127.0.0.1");
        EmbeddedZooKeeper zk = EmbeddedZooKeeper.start("127.0.0.1", port, config.zooKeeper().dataDir().orElseThrow());
        parts.add(zk);
        connect = zk.connectString();
      }
      ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, NamedThreads.daemon("sluice-node-scheduler"));
      parts.add(scheduler::shutdownNow);
      ExecutorService auth = Executors.newFixedThreadPool(2, NamedThreads.daemon("sluice-smtp-auth"));
      parts.add(auth::shutdownNow);
      if (System.getProperty("io.netty.leakDetection.level") == null) {
        // Netty samples buffers for leaks with a stack trace each by default; the tests run it paranoid.
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
      }
      NodeMetrics metrics = new NodeMetrics();
      parts.add(metrics);
      TrackingLog tracking = TrackingLog.open(config.trackingDir());
      parts.add(tracking);

      Spool spool = SegmentLogSpool.open(SpoolConfig.of(config.spool().dir())
          .withMinFreeSpace(config.spool().minFreeSpaceBytes()).withCommitDelay(config.spool().commitDelay()), timed(Syncer.FORCE, metrics), clock, scheduler, Runnable::run);
      parts.add(spool);
      metrics.bindSpool(() -> spool.ids().size());

      var server = config.server().toTransportServer();
      // Delivery starts once the directory is up; until then a snapshot has nobody to tell.
      AtomicReference<Delivery> delivery = new AtomicReference<>();
      ReceiveConnector.Binding binding = new ReceiveConnector.Binding(config.smtp().listen().host(),
          config.smtp().listen().port());
      Optional<Credentials> credentials = config.zooKeeper().credentialsFile().map(Credentials::load);
      ClusterKey clusterKey = ClusterKey.loadOrGenerate(config.clusterKeyFile());
      Member member = new Member(server.name(), server.role(), server.site(), config.smtp().listen().toString(),
          config.admin().listen().toString(), SluiceVersion.get(), clock.instant(), 0);
      NodeDirectory directory = NodeDirectory.start(
          new NodeDirectory.Settings(connect, config.zooKeeper().layout(), credentials, config.zooKeeper().sessionTimeout(),
              Duration.ofSeconds(30), new SecretBox(clusterKey, new SecureRandom())),
          server, binding, member, clock, scheduler, snapshot -> {
            Delivery running = delivery.get();
            if (running != null) {
              running.directoryChanged();
            }
          });
      parts.add(directory);
      metrics.bindDirectory(() -> directory.isConnected() ? 1 : 0, directory::snapshotAgeSeconds,
          () -> directory.snapshot().map(s -> s.invalid().size()).orElse(0));
      if (seedEmbedded && credentials.isEmpty()) {
        EmbeddedSeed.seed(directory.directory(), server.name(), dropDirectory);
      }

      var limits = config.limits();
      // A serving Receive connector sets its own timeouts; these, the role's defaults, are the fallback.
      ReceiveLimits roleDefaults = ReceiveLimits.defaultsFor(server.role());
      SmtpServerSettings settings = SmtpServerSettings.defaults(server.fqdn())
          .withTimeouts(roleDefaults.connectionTimeout(), roleDefaults.connectionInactivityTimeout(),
              limits.starttlsTimeout())
          .withContentPace(new ContentPace(limits.dataTimeout(), limits.minDataRate(), ContentPace.DEFAULT_GRACE))
          .withGreetingDelay(limits.greetingDelay())
          .withShutdownGrace(limits.shutdownGrace())
          .withLimits(new LineLimits(limits.maxCommandLine(), limits.maxAuthLine(), limits.maxTextLine()),
              limits.maxJunkCommands());
      Optional<SslContext> tls = tls(config.smtp().tls());
      java.util.function.Supplier<Optional<DirectorySnapshot>> snapshots = directory::snapshot;
      String secret = directory.nodeSecrets().ensure(server.name());
      Delivery deliveries = Delivery.create(config, spool, snapshots, clock, () -> Optional.of(secret),
          id -> directory.smartHostCredential(id).map(c -> new SmtpClient.Login(c.username(), c.password())),
          new DeliveryReports(tracking, metrics, server.name()));
      parts.add(deliveries);
      delivery.set(deliveries);
      metrics.bindQueues(deliveries.queues()::depths, deliveries::clientConnections);
      metrics.bindCluster(snapshots);
      ReceiveView.Current views = new ReceiveView.Current(snapshots, server.name());
      SpoolSink sink = new SpoolSink(spool, server.name(), server.fqdn(), facts -> views.get()
          .flatMap(v -> v.matcher().select(facts.local(), facts.remote())).map(ReceiveConnector::name).orElse(""),
          clock, metrics, tracking, deliveries::submit);
      SmtpServer smtpServer = new SmtpServer(settings, tls,
          DirectoryReceivePolicy.factory(new DirectoryReceivePolicy.Shared(snapshots, views, spool,
              new PasswordHasher(), auth, directory.nodeSecrets()::verify, new InboundConnections(limits.maxConnections()),
              limits.maxHeaderBytes())), sink,
          inboundEvents(metrics));
      List<InetSocketAddress> bound = smtpServer.start(List.of(address(config.smtp().listen())));
      parts.add(smtpServer);
      metrics.bindSmtpEventLoops(smtpServer.eventLoops());

      MetricsServer metricsServer = MetricsServer.start(address(config.metrics().listen()), metrics,
          () -> health(directory, spool), () -> directory.snapshot().isPresent() && spool.state().accepting());
      parts.add(metricsServer);
      dev.sluice.node.admin.AdminServer admin = dev.sluice.node.admin.AdminServer.start(address(config.admin().listen()),
          deliveries.queues(), clusterKey, clock);
      parts.add(admin);

      deliveries.start();
      // The registration carries the queue length, which other nodes' balancers read.
      scheduler.scheduleWithFixedDelay(() -> directory.updateLoad(deliveries.queues().messageCount()), 1, 1,
          java.util.concurrent.TimeUnit.SECONDS);
      TransportNode node = new TransportNode(parts, bound.get(0), metricsServer.address(), spool, directory,
          deliveries.queues());
      console.println("Sluice " + SluiceVersion.get() + ": " + server.role().name().toLowerCase() + " " + server.name()
          + " in site " + server.site() + ", ZooKeeper " + connect + " (" + (credentials.isPresent()
          ? "ACLs on" : "open directory: no credentials file, development mode") + ")");
      console.println("  SMTP on " + hostPort(node.smtp) + ", metrics and health on http://" + hostPort(node.metricsAddress)
          + "/metrics, admin on " + hostPort(admin.address()) + ", spool in "
          + config.spool().dir().toAbsolutePath().normalize());
      if (seedEmbedded) {
        console.println("  try: swaks --server " + hostPort(node.smtp) + " --to someone@" + EmbeddedSeed.DOMAIN
            + "   (it lands in " + dropDirectory.toAbsolutePath().normalize() + " as a .eml file)");
      }
      console.flush();
      return node;
    } catch (Exception | Error e) {
      closeAll(parts);
      throw e;
    }
  }

  private static SmtpServerEvents inboundEvents(NodeMetrics metrics) {
    return new SmtpServerEvents() {
      @Override
      public void sessionOpened() {
        metrics.sessionOpened(NodeMetrics.Direction.INBOUND);
      }

      @Override
      public void sessionClosed() {
        metrics.sessionClosed(NodeMetrics.Direction.INBOUND);
      }

      @Override
      public void replySent(int code) {
        metrics.reply(code);
      }
    };
  }

  /** {@code syncer}, with each group-commit sync timed into {@code sluice_spool_sync_duration}. */
  private static Syncer timed(Syncer syncer, NodeMetrics metrics) {
    return new Syncer() {
      @Override
      public void sync(java.nio.channels.FileChannel segment) throws IOException {
        long start = System.nanoTime();
        syncer.sync(segment);
        metrics.spoolSynced(System.nanoTime() - start);
      }

      @Override
      public void syncDirectory(java.nio.channels.FileChannel directory) throws IOException {
        syncer.syncDirectory(directory);
      }
    };
  }

  private static Health health(NodeDirectory directory, Spool spool) {
    List<String> problems = new ArrayList<>();
    Optional<DirectorySnapshot> snapshot = directory.snapshot();
    if (snapshot.isEmpty()) {
      problems.add("no directory snapshot yet");
    }
    snapshot.filter(DirectorySnapshot::stale).ifPresent(s -> problems.add("the ZooKeeper session is lost: routing on the last snapshot"));
    long kept = snapshot.map(s -> s.invalid().stream().filter(DirectorySnapshot.InvalidObject::keptLastValid).count()).orElse(0L);
    int invalid = snapshot.map(s -> s.invalid().size()).orElse(0);
    if (invalid > 0) {
      problems.add(invalid + " directory objects could not be used (" + kept + " kept at their last valid version)");
    }
    if (!spool.state().accepting()) {
      problems.add("the spool does not accept mail: " + spool.state().detail());
    }
    Health.Status status = snapshot.isEmpty() || !spool.state().accepting() ? Health.Status.DOWN
        : problems.isEmpty() ? Health.Status.UP : Health.Status.DEGRADED;
    return new Health(status, directory.connectionState().name(), directory.snapshotAgeSeconds(),
        snapshot.map(DirectorySnapshot::stale).orElse(false), invalid, (int) kept,
        spool.state().condition().name(), problems, snapshot.map(TransportNode::membersSeen).orElse(List.of()));
  }

  private static List<Health.MemberSeen> membersSeen(DirectorySnapshot snapshot) {
    return snapshot.members().values().stream().sorted(java.util.Comparator.comparing(Member::server))
        .map(m -> new Health.MemberSeen(m.server(), m.role().name().toLowerCase(java.util.Locale.ROOT), m.site()))
        .toList();
  }

  private static Optional<SslContext> tls(NodeConfig.Smtp.Tls tls) throws IOException {
    if (!tls.hasCertificate()) {
      return Optional.empty();
    }
    SslContextBuilder builder =
        SslContextBuilder.forServer(tls.certificate().orElseThrow().toFile(), tls.key().orElseThrow().toFile());
    if (tls.trustCertificates().isPresent()) {
      // Partners prove themselves with a certificate these verify; any other client still gets TLS.
      builder.clientAuth(io.netty.handler.ssl.ClientAuth.OPTIONAL)
          .trustManager(dev.sluice.node.smtp.server.ClientCertificates.trusting(tls.trustCertificates().get()));
    }
    return Optional.of(builder.build());
  }

  private static InetSocketAddress address(HostPort hp) {
    return new InetSocketAddress(hp.host(), hp.port());
  }

  private static String hostPort(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }


  /** Where SMTP is accepted (the port chosen when 0 was configured). */
  public InetSocketAddress smtpAddress() {
    return smtp;
  }

  public InetSocketAddress metricsAddress() {
    return metricsAddress;
  }

  public Spool spool() {
    return spool;
  }

  public NodeDirectory directory() {
    return directory;
  }

  /** The node's queues, as the admin endpoint shows them. */
  public dev.sluice.node.delivery.QueueManager queues() {
    return queues;
  }

  /** Stops accepting, lets sessions finish within the grace, deregisters, flushes the spool. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      closeAll(parts);
    }
  }

  private static void closeAll(List<AutoCloseable> parts) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(TransportNode.class).warn("closing {} failed: {}", parts.get(i), e.toString());
      }
    }
  }
}
