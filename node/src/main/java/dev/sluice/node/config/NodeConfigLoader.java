package dev.sluice.node.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.node.config.ConfigValues.Parser;
import dev.sluice.node.config.NodeConfig.Admin;
import dev.sluice.node.config.NodeConfig.Dns;
import dev.sluice.node.config.NodeConfig.Limits;
import dev.sluice.node.config.NodeConfig.Metrics;
import dev.sluice.node.config.NodeConfig.Queue;
import dev.sluice.node.config.NodeConfig.Server;
import dev.sluice.node.config.NodeConfig.Smtp;
import dev.sluice.node.config.NodeConfig.Spool;
import dev.sluice.node.config.NodeConfig.ZooKeeper;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.TimeSpan;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads a node's YAML configuration file into a {@link NodeConfig}, key by key, so that every mistake is
 * reported with the file, the key's dotted path and what is wrong.
 *
 * <p>Stateless and thread-safe. Keys may be nested maps or dotted at any level ({@code smtp.listen: ...}
 * is {@code smtp: {listen: ...}}); relative paths are resolved against the file's directory. The first
 * problem found is thrown as a {@link ConfigException}: the file's syntax, then a key given twice, then
 * unknown keys, then missing required keys, then each value in the order of the README.
 */
public final class NodeConfigLoader {
  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private NodeConfigLoader() {}

  /** Reads and checks {@code file}. */
  public static NodeConfig load(Path file) {
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw ConfigException.ofFile(source, "no such file", e);
    } catch (CharacterCodingException e) {
      throw ConfigException.ofFile(source, "is not UTF-8 text", e);
    } catch (IOException e) {
      throw ConfigException.ofFile(source, "cannot be read: " + e.getMessage(), e);
    }
    return parse(text, source, file.toAbsolutePath().getParent());
  }

  /** Reads and checks {@code yaml}, resolving relative paths against the working directory. */
  public static NodeConfig parse(String yaml, String sourceName) {
    return parse(yaml, sourceName, Path.of("").toAbsolutePath());
  }

  /** Reads and checks {@code yaml}, resolving relative paths against {@code baseDir}. */
  public static NodeConfig parse(String yaml, String sourceName, Path baseDir) {
    ObjectNode tree = ConfigTree.normalize(sourceName, readTree(yaml, sourceName));
    ConfigTree.checkKeys(sourceName, tree);
    ConfigReader r = new ConfigReader(sourceName, tree);
    List<String> missing = ConfigKeys.REQUIRED.stream().filter(key -> !r.has(key)).toList();
    if (!missing.isEmpty()) {
      throw r.error(missing.get(0), "missing"
          + (missing.size() > 1 ? ", and so " + (missing.size() > 2 ? "are " : "is ") + String.join(", ",
              missing.subList(1, missing.size())) : "")
          + " (every configuration file gives " + String.join(", ", ConfigKeys.REQUIRED) + ")");
    }
    return new NodeConfig(server(r), zooKeeper(r, baseDir), smtp(r, baseDir),
        new Admin(r.orElse("admin.listen", ConfigValues.hostPort(Admin.DEFAULT.listen()), Admin.DEFAULT.listen())),
        new Metrics(
            r.orElse("metrics.listen", ConfigValues.hostPort(Metrics.DEFAULT.listen()), Metrics.DEFAULT.listen())),
        spool(r, baseDir), dns(r), limits(r), queue(r));
  }

  private static JsonNode readTree(String yaml, String source) {
    try {
      return YAML.readTree(yaml);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      // SnakeYAML's message repeats the location and quotes the line with a caret under it: keep the words.
      String words = Arrays.stream(e.getOriginalMessage().split("\\R"))
          .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
          .collect(Collectors.joining("; "));
      String where = at == null || at.getLineNr() < 1 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      throw ConfigException.ofFile(source, where + words, e);
    }
  }

  private static Server server(ConfigReader r) {
    String name = r.required("server.name", ConfigValues.NAME);
    ServerRole role = r.required("server.role", ConfigValues.ROLE);
    String site = r.required("server.site", ConfigValues.NAME);
    String fqdn = r.required("server.fqdn", ConfigValues.HOST_NAME);
    return r.build("server", () -> new Server(name, role, site, fqdn));
  }

  private static ZooKeeper zooKeeper(ConfigReader r, Path baseDir) {
    String connect = r.required("zookeeper.connect", ConfigValues.ZOOKEEPER_CONNECT);
    Optional<Path> dataDir = r.optional("zookeeper.data-dir", ConfigValues.directory(baseDir));
    boolean embedded = connect.equals(ZooKeeper.EMBEDDED);
    if (embedded && dataDir.isEmpty()) {
      throw r.error("zookeeper.data-dir", "missing: the embedded ZooKeeper (zookeeper.connect: embedded) keeps its"
          + " data there");
    }
    if (!embedded && dataDir.isPresent()) {
      throw r.error("zookeeper.data-dir", "is only for an embedded ZooKeeper: remove it, or set zookeeper.connect:"
          + " embedded");
    }
    String root = r.orElse("zookeeper.root", ConfigValues.ZNODE_ROOT, ZooKeeper.DEFAULT_ROOT);
    Optional<Path> credentials = r.optional("zookeeper.credentials-file", ConfigValues.readableFile(baseDir));
    Duration session =
        r.orElse("zookeeper.session-timeout", ConfigValues.duration(false), ZooKeeper.DEFAULT_SESSION_TIMEOUT);
    // Created when missing (every node of a cluster needs the same one), so only its place is checked here.
    Optional<Path> clusterKey = r.optional("zookeeper.cluster-key-file", ConfigValues.path(baseDir));
    return r.build("zookeeper", () -> new ZooKeeper(connect, dataDir, root, credentials, session, clusterKey));
  }

  private static Smtp smtp(ConfigReader r, Path baseDir) {
    HostPort listen = r.orElse("smtp.listen", ConfigValues.hostPort(Smtp.DEFAULT_LISTEN), Smtp.DEFAULT_LISTEN);
    Parser<Path> pem = ConfigValues.readableFile(baseDir);
    Optional<Path> certificate = r.optional("smtp.tls.certificate", pem);
    Optional<Path> key = r.optional("smtp.tls.key", pem);
    Optional<Path> trust = r.optional("smtp.tls.trust-certificates", pem);
    if (certificate.isPresent() != key.isPresent()) {
      throw r.error(certificate.isPresent() ? "smtp.tls.key" : "smtp.tls.certificate",
          "missing: smtp.tls.certificate and smtp.tls.key go together (a certificate and its private key)");
    }
    return r.build("smtp", () -> new Smtp(listen, new Smtp.Tls(certificate, key, trust)));
  }

  private static Spool spool(ConfigReader r, Path baseDir) {
    Path dir = r.required("spool.dir", ConfigValues.directory(baseDir));
    long minFree = r.orElse("spool.min-free-space", ConfigValues.size(0, Long.MAX_VALUE), Spool.DEFAULT_MIN_FREE_SPACE);
    Duration delay = r.orElse("spool.commit-delay", ConfigValues.duration(true), Spool.DEFAULT_COMMIT_DELAY);
    return r.build("spool", () -> new Spool(dir, minFree, delay));
  }

  private static Dns dns(ConfigReader r) {
    List<HostPort> servers = r.orElse("dns.servers", ConfigValues.DNS_SERVERS, List.of());
    List<HostPort> external = r.orElse("dns.external-servers", ConfigValues.DNS_SERVERS, List.of());
    return r.build("dns", () -> new Dns(servers, external));
  }

  private static Queue queue(ConfigReader r) {
    Queue d = Queue.defaultsFor(r.required("server.role", ConfigValues.ROLE));
    Parser<Duration> positive = ConfigValues.duration(false);
    int glitch = r.orElse("queue.glitch-retry-count", ConfigValues.integer(0, 15), d.glitchRetryCount());
    Duration glitchInterval = r.orElse("queue.glitch-retry-interval", positive, d.glitchRetryInterval());
    int transientCount = r.orElse("queue.transient-retry-count", ConfigValues.integer(0, 15), d.transientRetryCount());
    Duration transientInterval = r.orElse("queue.transient-retry-interval", positive, d.transientRetryInterval());
    Duration outbound = r.orElse("queue.outbound-connection-failure-retry-interval", positive,
        d.outboundConnectionFailureRetryInterval());
    Duration message = r.orElse("queue.message-retry-interval", positive, d.messageRetryInterval());
    Duration delay = r.orElse("queue.delay-notification-timeout", positive, d.delayNotificationTimeout());
    Duration expiry = r.orElse("queue.message-expiration-timeout", positive, d.messageExpirationTimeout());
    if (delay.compareTo(expiry) >= 0) {
      throw r.error("queue.delay-notification-timeout", "must be shorter than queue.message-expiration-timeout ("
          + TimeSpan.print(expiry) + "): a delay notice after the message expired tells the sender nothing");
    }
    int perDomain = r.orElse("queue.max-per-domain-connections", ConfigValues.integer(1, 1000),
        d.maxPerDomainConnections());
    Duration reply = r.orElse("queue.reply-timeout", positive, d.replyTimeout());
    return r.build("queue", () -> new Queue(glitch, glitchInterval, transientCount, transientInterval, outbound, message,
        delay, expiry, perDomain, reply));
  }

  private static Limits limits(ConfigReader r) {
    Limits d = Limits.DEFAULTS;
    int max = Integer.MAX_VALUE;
    int connections = r.orElse("limits.max-connections", ConfigValues.integer(1, max), d.maxConnections());
    int commandLine =
        r.orElse("limits.max-command-line", ConfigValues.integer(Limits.MIN_COMMAND_LINE, max), d.maxCommandLine());
    int authLine = r.orElse("limits.max-auth-line", ConfigValues.integer(Limits.MIN_AUTH_LINE, max), d.maxAuthLine());
    int textLine = r.orElse("limits.max-text-line", ConfigValues.integer(Limits.MIN_TEXT_LINE, max), d.maxTextLine());
    long headerBytes =
        r.orElse("limits.max-header-bytes", ConfigValues.size(Limits.MIN_TEXT_LINE, max), (long) d.maxHeaderBytes());
    int junk = r.orElse("limits.max-junk-commands", ConfigValues.integer(0, max), d.maxJunkCommands());
    Duration greetingDelay = r.orElse("limits.greeting-delay", ConfigValues.duration(true), d.greetingDelay());
    if (greetingDelay.compareTo(Limits.MAX_GREETING_DELAY) > 0) {
      throw r.error("limits.greeting-delay", TimeSpan.print(greetingDelay) + " is more than the most this key takes,"
          + " 00:01:00: every client waits this long, and clients give up after 5 minutes (RFC 5321 4.5.3.2.1);"
          + " a few seconds catch a client that talks first");
    }
    Duration starttls = r.orElse("limits.starttls-timeout", ConfigValues.duration(false), d.starttlsTimeout());
    Duration data = r.orElse("limits.data-timeout", ConfigValues.duration(false), d.dataTimeout());
    long minRate = r.orElse("limits.min-data-rate", ConfigValues.rate(), d.minDataRate());
    Duration grace = r.orElse("limits.shutdown-grace", ConfigValues.duration(true), d.shutdownGrace());
    int poison = r.orElse("limits.poison-threshold", ConfigValues.integer(1, Limits.MAX_POISON_THRESHOLD),
        d.poisonThreshold());
    return r.build("limits", () -> new Limits(connections, commandLine, authLine, textLine, (int) headerBytes, junk,
        greetingDelay, starttls, data, minRate, grace, poison));
  }
}
