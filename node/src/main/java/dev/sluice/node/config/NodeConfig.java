package dev.sluice.node.config;

import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.directory.zookeeper.ZooKeeperClients;
import dev.sluice.node.spool.SpoolConfig;
import dev.sluice.routing.model.Names;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.TransportServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A node's configuration, one record per section of the YAML file ({@code server}, {@code zookeeper},
 * {@code smtp}, {@code admin}, {@code metrics}, {@code spool}, {@code dns}, {@code limits}, {@code queue}).
 *
 * <p>Immutable and thread-safe. The compact constructors refuse what no file could mean (a key without its
 * certificate, an embedded ZooKeeper without a data directory) with the key's path in the message;
 * {@link NodeConfigLoader} reports a file's mistakes with the file's name before these checks are reached.
 */
public record NodeConfig(
    Server server, ZooKeeper zooKeeper, Smtp smtp, Admin admin, Metrics metrics, Spool spool, Dns dns, Limits limits,
    Queue queue) {
  /** The embedded default's server name: fixed, so that a restart on another host keeps its directory. */
  public static final String EMBEDDED_SERVER_NAME = "SLUICE";
  /** Exchange's name for the first site of a forest. */
  public static final String DEFAULT_SITE = "Default-First-Site-Name";

  public NodeConfig {
    Objects.requireNonNull(server, "server must be given");
    Objects.requireNonNull(zooKeeper, "zookeeper must be given");
    Objects.requireNonNull(smtp, "smtp must be given");
    Objects.requireNonNull(admin, "admin must be given");
    Objects.requireNonNull(metrics, "metrics must be given");
    Objects.requireNonNull(spool, "spool must be given");
    Objects.requireNonNull(dns, "dns must be given");
    Objects.requireNonNull(limits, "limits must be given");
    Objects.requireNonNull(queue, "queue must be given");
  }

  /** A configuration with the role's default {@code queue} section. */
  public NodeConfig(
      Server server, ZooKeeper zooKeeper, Smtp smtp, Admin admin, Metrics metrics, Spool spool, Dns dns, Limits limits) {
    this(server, zooKeeper, smtp, admin, metrics, spool, dns, limits, Queue.defaultsFor(server.role()));
  }

  /** This configuration with another {@code queue} section. */
  public NodeConfig withQueue(Queue newQueue) {
    return new NodeConfig(server, zooKeeper, smtp, admin, metrics, spool, dns, limits, newQueue);
  }

  /**
   * The cluster key file: {@code zookeeper.cluster-key-file}, or {@code cluster.key} beside the spool
   * directory (for the embedded default, {@code ./sluice-data/cluster.key}, where the admin CLI looks too).
   */
  public Path clusterKeyFile() {
    return zooKeeper.clusterKeyFile().orElseGet(() -> besideSpool("cluster.key"));
  }

  /** The message tracking log's directory: {@code tracking/} beside the spool directory. */
  public Path trackingDir() {
    return besideSpool("tracking");
  }

  /** The SMTP send protocol log's directory (connectors with ProtocolLoggingLevel Verbose): beside the spool. */
  public Path sendProtocolLogDir() {
    return besideSpool("protocol-log").resolve("send");
  }

  private Path besideSpool(String name) {
    Path parent = spool.dir().toAbsolutePath().normalize().getParent();
    return (parent == null ? spool.dir() : parent).resolve(name);
  }

  /** What {@code sluice node} runs without {@code --config}, with this machine's host name as its FQDN. */
  public static NodeConfig embeddedDefault(Path dataDir) {
    return embeddedDefault(dataDir, localFqdn());
  }

  /**
   * What {@code sluice node} runs without {@code --config}: one Hub in {@value #DEFAULT_SITE} with an
   * in-process ZooKeeper, everything on 127.0.0.1, its data under {@code dataDir}.
   */
  public static NodeConfig embeddedDefault(Path dataDir, String fqdn) {
    Path data = dataDir.toAbsolutePath().normalize();
    return new NodeConfig(
        new Server(EMBEDDED_SERVER_NAME, ServerRole.HUB, DEFAULT_SITE, fqdn),
        new ZooKeeper(ZooKeeper.EMBEDDED, Optional.of(data.resolve("zookeeper")), ZooKeeper.DEFAULT_ROOT,
            Optional.empty(), ZooKeeper.DEFAULT_SESSION_TIMEOUT, Optional.empty()),
        Smtp.DEFAULT, Admin.DEFAULT, Metrics.DEFAULT,
        new Spool(data.resolve("spool"), Spool.DEFAULT_MIN_FREE_SPACE),
        Dns.SYSTEM, Limits.DEFAULTS);
  }

  /** This machine's canonical host name, or {@code localhost} when it has none better than an address. */
  static String localFqdn() {
    try {
      String name = InetAddress.getLocalHost().getCanonicalHostName().toLowerCase(Locale.ROOT);
      // An address is what getCanonicalHostName returns when reverse DNS has no name; EHLO wants a name.
      return name.isBlank() || name.indexOf(':') >= 0 || name.matches("[0-9.]+") ? "localhost" : name;
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /**
   * The {@code server} section: who this node is in the directory.
   *
   * @param name the transport server's name ({@code server.name})
   * @param role hub or edge ({@code server.role})
   * @param site the site it belongs to ({@code server.site})
   * @param fqdn its EHLO name, and the name other nodes connect to ({@code server.fqdn})
   */
  public record Server(String name, ServerRole role, String site, String fqdn) {
    public Server {
      name = Names.requireName(name, "server.name");
      Objects.requireNonNull(role, "server.role must be hub or edge");
      site = Names.requireName(site, "server.site");
      fqdn = Names.requireName(fqdn, "server.fqdn");
    }

    /** The transport server this node is, as the directory holds it. */
    public TransportServer toTransportServer() {
      return new TransportServer(name, role, site, fqdn);
    }
  }

  /**
   * The {@code zookeeper} section: where the directory is.
   *
   * @param connect {@value #EMBEDDED} or a ZooKeeper connect string ({@code zookeeper.connect})
   * @param dataDir the embedded ZooKeeper's data directory, present exactly when {@code connect} is
   *     {@value #EMBEDDED} ({@code zookeeper.data-dir})
   * @param root the directory's root znode ({@code zookeeper.root})
   * @param credentialsFile the ZooKeeper credentials file; empty for an open directory
   *     ({@code zookeeper.credentials-file})
   * @param sessionTimeout the session timeout the node asks for ({@code zookeeper.session-timeout})
   * @param clusterKeyFile the cluster key that seals the secrets under {@code /secrets}, node secrets among
   *     them; empty for {@code cluster.key} beside the spool directory ({@code zookeeper.cluster-key-file})
   */
  public record ZooKeeper(String connect, Optional<Path> dataDir, String root, Optional<Path> credentialsFile,
      Duration sessionTimeout, Optional<Path> clusterKeyFile) {
    public static final String EMBEDDED = "embedded";
    public static final String DEFAULT_ROOT =
        DirectoryLayout.forOrganization(DirectoryLayout.DEFAULT_ORGANIZATION).root();
    public static final Duration DEFAULT_SESSION_TIMEOUT = ZooKeeperClients.DEFAULT_SESSION_TIMEOUT;

    public ZooKeeper {
      connect = Names.requireName(connect, "zookeeper.connect");
      Objects.requireNonNull(dataDir, "zookeeper.data-dir must be given (use Optional.empty())");
      if (connect.equals(EMBEDDED) != dataDir.isPresent()) {
        throw new IllegalArgumentException(dataDir.isPresent()
            ? "zookeeper.data-dir is only for zookeeper.connect: embedded"
            : "zookeeper.connect: embedded needs zookeeper.data-dir");
      }
      root = DirectoryLayout.at(root).root();
      Objects.requireNonNull(credentialsFile, "zookeeper.credentials-file must be given (use Optional.empty())");
      requirePositive(sessionTimeout, "zookeeper.session-timeout");
      Objects.requireNonNull(clusterKeyFile, "zookeeper.cluster-key-file must be given (use Optional.empty())");
    }

    public boolean isEmbedded() {
      return dataDir.isPresent();
    }

    /** The znode layout under {@link #root}. */
    public DirectoryLayout layout() {
      return DirectoryLayout.at(root);
    }
  }

  /**
   * The {@code smtp} section: the node's SMTP listener and its TLS material.
   *
   * @param listen where the node accepts SMTP ({@code smtp.listen})
   * @param tls certificates, key and trusted CAs ({@code smtp.tls.*})
   */
  public record Smtp(HostPort listen, Tls tls) {
    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 2525);
    public static final Smtp DEFAULT = new Smtp(DEFAULT_LISTEN, Tls.NONE);

    public Smtp {
      Objects.requireNonNull(listen, "smtp.listen must be given");
      Objects.requireNonNull(tls, "smtp.tls must be given (use Tls.NONE)");
    }

    /**
     * The {@code smtp.tls} section. The certificate and its key serve STARTTLS inbound and are the client
     * certificate outbound (mutual TLS); outbound TLS trusts the JVM's CAs plus {@code trustCertificates}.
     *
     * @param certificate the node's certificate chain, PEM ({@code smtp.tls.certificate})
     * @param key its private key, PEM ({@code smtp.tls.key})
     * @param trustCertificates extra CA certificates to trust, PEM ({@code smtp.tls.trust-certificates})
     */
    public record Tls(Optional<Path> certificate, Optional<Path> key, Optional<Path> trustCertificates) {
      public static final Tls NONE = new Tls(Optional.empty(), Optional.empty(), Optional.empty());

      public Tls {
        Objects.requireNonNull(certificate, "smtp.tls.certificate must be given (use Optional.empty())");
        Objects.requireNonNull(key, "smtp.tls.key must be given (use Optional.empty())");
        Objects.requireNonNull(trustCertificates, "smtp.tls.trust-certificates must be given (use Optional.empty())");
        if (certificate.isPresent() != key.isPresent()) {
          throw new IllegalArgumentException(certificate.isPresent()
              ? "smtp.tls.certificate needs smtp.tls.key, the certificate's private key"
              : "smtp.tls.key needs smtp.tls.certificate, the certificate it is the key of");
        }
      }

      /** Whether the node has a certificate to offer (STARTTLS inbound, a client certificate outbound). */
      public boolean hasCertificate() {
        return certificate.isPresent();
      }
    }
  }

  /** The {@code admin} section: where the admin endpoint listens ({@code admin.listen}). */
  public record Admin(HostPort listen) {
    public static final Admin DEFAULT = new Admin(new HostPort("127.0.0.1", 9465));

    public Admin {
      Objects.requireNonNull(listen, "admin.listen must be given");
    }
  }

  /** The {@code metrics} section: where Prometheus scrapes the node ({@code metrics.listen}). */
  public record Metrics(HostPort listen) {
    public static final Metrics DEFAULT = new Metrics(new HostPort("127.0.0.1", 9464));

    public Metrics {
      Objects.requireNonNull(listen, "metrics.listen must be given");
    }
  }

  /**
   * The {@code spool} section: where accepted mail waits until it is delivered.
   *
   * @param dir the spool directory ({@code spool.dir})
   * @param minFreeSpaceBytes below this much free space on its file system the node refuses new mail with
   *     a 4xx reply ({@code spool.min-free-space})
   * @param commitDelay how long the spool's writer waits for more messages before a sync shared by
   *     concurrent sessions; 0 for none ({@code spool.commit-delay})
   */
  public record Spool(Path dir, long minFreeSpaceBytes, Duration commitDelay) {
    public static final long DEFAULT_MIN_FREE_SPACE = 100L * 1024 * 1024;
    public static final Duration DEFAULT_COMMIT_DELAY = SpoolConfig.DEFAULT_COMMIT_DELAY;

    public Spool {
      Objects.requireNonNull(dir, "spool.dir must be given");
      if (minFreeSpaceBytes < 0) {
        throw new IllegalArgumentException("spool.min-free-space must not be negative, not " + minFreeSpaceBytes);
      }
      if (commitDelay.isNegative() || commitDelay.compareTo(SpoolConfig.MAX_COMMIT_DELAY) > 0) {
        throw new IllegalArgumentException("spool.commit-delay must be between 0s and 100ms, not " + commitDelay);
      }
    }

    /** A spool with the default commit delay. */
    public Spool(Path dir, long minFreeSpaceBytes) {
      this(dir, minFreeSpaceBytes, DEFAULT_COMMIT_DELAY);
    }
  }

  /**
   * The {@code dns} section: which resolvers MX and A lookups ask; an empty list means the system's.
   *
   * @param servers the resolvers for every lookup ({@code dns.servers})
   * @param externalServers the resolvers of Send connectors that use external DNS lookups
   *     ({@code dns.external-servers}); empty means {@code servers}
   */
  public record Dns(List<HostPort> servers, List<HostPort> externalServers) {
    public static final Dns SYSTEM = new Dns(List.of(), List.of());

    public Dns {
      servers = Names.copyOf(servers, "dns.servers");
      externalServers = Names.copyOf(externalServers, "dns.external-servers");
    }

    /** The resolvers of a Send connector with external DNS lookups: external-servers, else servers. */
    public List<HostPort> forExternalLookups() {
      return externalServers.isEmpty() ? servers : externalServers;
    }
  }

  /**
   * The {@code limits} section: node-wide limits that Receive connectors do not carry.
   *
   * @param maxConnections inbound SMTP connections of the whole node ({@code limits.max-connections})
   * @param maxCommandLine octets of a command line, CRLF included ({@code limits.max-command-line};
   *     RFC 5321 4.5.3.1.4 sets the least a server may accept, 512)
   * @param maxAuthLine octets of an AUTH command or response line ({@code limits.max-auth-line}; RFC 4954
   *     section 4: at least 12288)
   * @param maxTextLine octets of a line of message text, CRLF included ({@code limits.max-text-line};
   *     RFC 5321 4.5.3.1.6: at least 1000)
   * @param maxHeaderBytes octets of a message's header block; a larger one is refused with 552
   *     ({@code limits.max-header-bytes})
   * @param maxJunkCommands NOOP, RSET, VRFY and HELP commands a session may give before each further one
   *     counts as a protocol error ({@code limits.max-junk-commands})
   * @param greetingDelay how long the node waits before its greeting; a client that talks in the meantime
   *     gets 554 5.5.0 and is closed, as by Postfix's postscreen pregreet test; 0 for none
   *     ({@code limits.greeting-delay})
   * @param starttlsTimeout the longest a TLS handshake may take ({@code limits.starttls-timeout})
   * @param dataTimeout the longest wait for the next octets of DATA or BDAT content ({@code limits.data-timeout})
   * @param minDataRate octets per second, averaged over the message data, below which the session is
   *     ended with 421 4.4.2; 0 for no minimum ({@code limits.min-data-rate})
   * @param shutdownGrace how long SIGTERM waits for sessions in flight ({@code limits.shutdown-grace})
   * @param poisonThreshold how many times a message may be in flight when the node dies before it is set
   *     aside as poison, as Exchange's PoisonThreshold ({@code limits.poison-threshold})
   */
  public record Limits(
      int maxConnections, int maxCommandLine, int maxAuthLine, int maxTextLine, int maxHeaderBytes,
      int maxJunkCommands, Duration greetingDelay, Duration starttlsTimeout, Duration dataTimeout, long minDataRate,
      Duration shutdownGrace, int poisonThreshold) {
    public static final int MIN_COMMAND_LINE = 512;
    public static final int MIN_AUTH_LINE = 12288;
    public static final int MIN_TEXT_LINE = 1000;
    public static final int MAX_POISON_THRESHOLD = 10;
    /** RFC 5321 4.5.3.2.1: a client waits 5 minutes for the greeting, so a delay must end well before. */
    public static final Duration MAX_GREETING_DELAY = Duration.ofMinutes(1);
    public static final Limits DEFAULTS = new Limits(10_000, MIN_COMMAND_LINE, MIN_AUTH_LINE, MIN_TEXT_LINE,
        100 * 1024, 100, Duration.ZERO, Duration.ofSeconds(60), Duration.ofMinutes(5), 1024, Duration.ofSeconds(30), 2);

    public Limits {
      Names.requireRange(maxConnections, 1, Integer.MAX_VALUE, "limits.max-connections");
      Names.requireRange(maxCommandLine, MIN_COMMAND_LINE, Integer.MAX_VALUE, "limits.max-command-line");
      Names.requireRange(maxAuthLine, MIN_AUTH_LINE, Integer.MAX_VALUE, "limits.max-auth-line");
      Names.requireRange(maxTextLine, MIN_TEXT_LINE, Integer.MAX_VALUE, "limits.max-text-line");
      Names.requireRange(maxHeaderBytes, MIN_TEXT_LINE, Integer.MAX_VALUE, "limits.max-header-bytes");
      Names.requireRange(maxJunkCommands, 0, Integer.MAX_VALUE, "limits.max-junk-commands");
      if (greetingDelay == null || greetingDelay.isNegative() || greetingDelay.compareTo(MAX_GREETING_DELAY) > 0) {
        throw new IllegalArgumentException("limits.greeting-delay must be between 0s and 1m (clients wait 5"
            + " minutes for a greeting, RFC 5321 4.5.3.2.1), not " + greetingDelay);
      }
      requirePositive(starttlsTimeout, "limits.starttls-timeout");
      requirePositive(dataTimeout, "limits.data-timeout");
      if (minDataRate < 0) {
        throw new IllegalArgumentException("limits.min-data-rate must not be negative, not " + minDataRate);
      }
      if (shutdownGrace == null || shutdownGrace.isNegative()) {
        throw new IllegalArgumentException("limits.shutdown-grace must not be negative, not " + shutdownGrace);
      }
      Names.requireRange(poisonThreshold, 1, MAX_POISON_THRESHOLD, "limits.poison-threshold");
    }
  }

  /**
   * The {@code queue} section: how delivery retries, Exchange 2007's transport server settings with their
   * defaults (an Edge retries longer: 10 transient retries, then every 30 minutes).
   *
   * @param glitchRetryCount quick retries after a next hop first cannot be reached, QueueGlitchRetryCount
   *     ({@code queue.glitch-retry-count}, 4)
   * @param glitchRetryInterval their interval, QueueGlitchRetryInterval ({@code queue.glitch-retry-interval}, 1m)
   * @param transientRetryCount retries after the glitch retries, TransientFailureRetryCount
   *     ({@code queue.transient-retry-count}, 6; 10 on an Edge)
   * @param transientRetryInterval their interval, TransientFailureRetryInterval
   *     ({@code queue.transient-retry-interval}, 5m)
   * @param outboundConnectionFailureRetryInterval the interval after those, OutboundConnectionFailureRetryInterval
   *     ({@code queue.outbound-connection-failure-retry-interval}, 10m; 30m on an Edge)
   * @param messageRetryInterval when a message that got a 4xx from a reachable host is tried again,
   *     MessageRetryInterval ({@code queue.message-retry-interval}, 1m)
   * @param delayNotificationTimeout when the sender is told that a message is delayed, DelayNotificationTimeout
   *     ({@code queue.delay-notification-timeout}, 4h)
   * @param messageExpirationTimeout when an undelivered message expires with a DSN, MessageExpirationTimeout
   *     ({@code queue.message-expiration-timeout}, 2d)
   * @param maxPerDomainConnections connections one queue opens at once, MaxPerDomainOutboundConnections
   *     ({@code queue.max-per-domain-connections}, 20)
   * @param replyTimeout how long the SMTP client waits for a connection or for each reply
   *     ({@code queue.reply-timeout}, 5m, RFC 5321 4.5.3.2)
   */
  public record Queue(
      int glitchRetryCount, Duration glitchRetryInterval, int transientRetryCount, Duration transientRetryInterval,
      Duration outboundConnectionFailureRetryInterval, Duration messageRetryInterval, Duration delayNotificationTimeout,
      Duration messageExpirationTimeout, int maxPerDomainConnections, Duration replyTimeout) {
    public static final Queue HUB_DEFAULTS = new Queue(4, Duration.ofMinutes(1), 6, Duration.ofMinutes(5),
        Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofHours(4), Duration.ofDays(2), 20, Duration.ofMinutes(5));
    public static final Queue EDGE_DEFAULTS = new Queue(4, Duration.ofMinutes(1), 10, Duration.ofMinutes(5),
        Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofHours(4), Duration.ofDays(2), 20, Duration.ofMinutes(5));

    public Queue {
      Names.requireRange(glitchRetryCount, 0, 15, "queue.glitch-retry-count");
      requirePositive(glitchRetryInterval, "queue.glitch-retry-interval");
      Names.requireRange(transientRetryCount, 0, 15, "queue.transient-retry-count");
      requirePositive(transientRetryInterval, "queue.transient-retry-interval");
      requirePositive(outboundConnectionFailureRetryInterval, "queue.outbound-connection-failure-retry-interval");
      requirePositive(messageRetryInterval, "queue.message-retry-interval");
      requirePositive(delayNotificationTimeout, "queue.delay-notification-timeout");
      requirePositive(messageExpirationTimeout, "queue.message-expiration-timeout");
      Names.requireRange(maxPerDomainConnections, 1, 1000, "queue.max-per-domain-connections");
      requirePositive(replyTimeout, "queue.reply-timeout");
    }

    /** Exchange's defaults for a server of {@code role}. */
    public static Queue defaultsFor(ServerRole role) {
      return role == ServerRole.EDGE ? EDGE_DEFAULTS : HUB_DEFAULTS;
    }
  }

  private static void requirePositive(Duration d, String key) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, not " + d);
    }
  }
}
