package dev.sluice.it;

import dev.sluice.directory.Directory;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.directory.zookeeper.ZooKeeperDirectory;
import dev.sluice.node.config.HostPort;
import dev.sluice.node.config.NodeConfig;
import dev.sluice.node.lifecycle.LoopbackNode;
import dev.sluice.node.lifecycle.TransportNode;
import dev.sluice.routing.model.ServerRole;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * Nodes that share one ZooKeeper (the ensemble's connect string) and one cluster key, each with its own
 * loopback address, ports and data directory, and the test's own view of the directory for setting up sites,
 * links and connectors. In-process nodes here share nothing but the network; tests that kill a node use
 * {@link NodeProcess} instead.
 */
public final class Cluster implements AutoCloseable {
  /** Retries in fractions of a second, so a failover shows within a test's patience. */
  public static final NodeConfig.Queue FAST = new NodeConfig.Queue(4, Duration.ofMillis(300), 4,
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMinutes(30),
      Duration.ofHours(1), 20, Duration.ofSeconds(10));

  private final String connect;
  private final String root;
  private final Path data;
  private final Duration sessionTimeout;
  private final CuratorFramework client;
  private final Directory directory;
  private final List<TransportNode> nodes = new ArrayList<>();

  /** @param sessionTimeout the nodes' ZooKeeper session timeout: every failover figure depends on it */
  public Cluster(String connect, Path data, Duration sessionTimeout) {
    this(connect, NodeConfig.ZooKeeper.DEFAULT_ROOT, data, sessionTimeout);
  }

  /**
   * A cluster whose directory is at {@code root} of the ensemble: two roots on one ensemble are two
   * organizations that know nothing of each other.
   */
  public Cluster(String connect, String root, Path data, Duration sessionTimeout) {
    this.connect = connect;
    this.root = root;
    this.data = data;
    this.sessionTimeout = sessionTimeout;
    this.client = CuratorFrameworkFactory.newClient(connect, new ExponentialBackoffRetry(100, 5));
    client.start();
    this.directory = new ZooKeeperDirectory(client, DirectoryLayout.at(root));
  }

  /** The test's own view of the directory, for sites, links and connectors. */
  public Directory directory() {
    return directory;
  }

  public String connectString() {
    return connect;
  }

  public Duration sessionTimeout() {
    return sessionTimeout;
  }

  /** Where the nodes' data directories are. */
  public Path dataDir() {
    return data;
  }

  /** The cluster key every node and the CLI share. */
  public Path clusterKeyFile() {
    return data.resolve("cluster.key");
  }

  /** The configuration of node {@code name} on {@code address}, its data under the cluster's directory. */
  public NodeConfig config(String name, ServerRole role, String site, String address) throws Exception {
    return config(name, role, site, address, NodeConfig.Dns.SYSTEM);
  }

  /** As {@link #config(String, ServerRole, String, String)}, resolving with {@code dns} (a test's DNS server). */
  public NodeConfig config(String name, ServerRole role, String site, String address, NodeConfig.Dns dns)
      throws Exception {
    Path dir = data.resolve(name.toLowerCase(java.util.Locale.ROOT));
    return new NodeConfig(
        new NodeConfig.Server(name, role, site, name.toLowerCase(java.util.Locale.ROOT) + ".sluice.test"),
        new NodeConfig.ZooKeeper(connect, Optional.empty(), root, Optional.empty(),
            sessionTimeout, Optional.of(clusterKeyFile())),
        new NodeConfig.Smtp(new HostPort(address, LoopbackNode.freePort(address)), NodeConfig.Smtp.Tls.NONE),
        new NodeConfig.Admin(new HostPort(address, LoopbackNode.freePort(address))),
        new NodeConfig.Metrics(new HostPort(address, LoopbackNode.freePort(address))),
        new NodeConfig.Spool(dir.resolve("spool"), 0), dns, NodeConfig.Limits.DEFAULTS, FAST);
  }

  /** Starts an in-process node of {@code config}; closed with the cluster. */
  public TransportNode start(NodeConfig config) throws Exception {
    TransportNode node = TransportNode.start(config, false, data.resolve("drop"), Clock.systemUTC(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    nodes.add(node);
    return node;
  }

  /** Closes {@code node} (it deregisters at once, unlike a crash). */
  public void stop(TransportNode node) {
    nodes.remove(node);
    node.close();
  }

  /** Creates {@code object} in the directory. */
  public <T> void create(ObjectKind<T> kind, T object) {
    directory.create(kind, object);
  }

  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
    client.close();
  }
}
