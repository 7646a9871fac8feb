package dev.sluice.node.lifecycle;

import dev.sluice.directory.secrets.SecretBox;
import dev.sluice.directory.zookeeper.NodeSecrets;
import dev.sluice.directory.zookeeper.ZooKeeperSecrets;
import java.security.SecureRandom;
import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.Member;
import dev.sluice.directory.ServerBootstrap;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.directory.zookeeper.Credentials;
import dev.sluice.directory.zookeeper.DirectoryAudit;
import dev.sluice.directory.zookeeper.DirectoryCache;
import dev.sluice.directory.zookeeper.MemberRegistration;
import dev.sluice.directory.zookeeper.RegistrationStatus;
import dev.sluice.directory.zookeeper.ZooKeeperClients;
import dev.sluice.directory.zookeeper.ZooKeeperDirectory;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.TransportServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;

/**
 * A node's side of the directory: its ZooKeeper client, its server object, the live cache it routes
 * from and its registration, started in that order and closed in the reverse one.
 *
 * <p>Thread-safe. Once started it never throws because ZooKeeper is away: the cache keeps the last
 * snapshot (marked stale when the session is lost), the registration comes back with the session, and
 * {@link #connectionState} and {@link #snapshotAgeSeconds} say how things stand for health and metrics.
 */
public final class NodeDirectory implements AutoCloseable {
  private final CuratorFramework client;
  private final ZooKeeperDirectory directory;
  private final DirectoryCache cache;
  private final MemberRegistration registration;
  private final NodeSecrets nodeSecrets;
  private final ZooKeeperSecrets secrets;
  private final dev.sluice.directory.secrets.SecretBox box;
  private final Clock clock;
  private final AtomicReference<ConnectionState> connection = new AtomicReference<>(ConnectionState.CONNECTED);
  private final AtomicReference<Instant> publishedAt = new AtomicReference<>();

  private NodeDirectory(CuratorFramework client, ZooKeeperDirectory directory, DirectoryCache cache,
      MemberRegistration registration, NodeSecrets nodeSecrets, ZooKeeperSecrets secrets,
      dev.sluice.directory.secrets.SecretBox box, Clock clock) {
    this.secrets = secrets;
    this.box = box;
    this.client = client;
    this.nodeSecrets = nodeSecrets;
    this.directory = directory;
    this.cache = cache;
    this.registration = registration;
    this.clock = clock;
  }

  /**
   * Where the directory is and who this node is in it; {@code secrets} seals and opens what is under
   * {@code /secrets} with the cluster key.
   */
  public record Settings(
      String connectString, DirectoryLayout layout, Optional<Credentials> credentials, Duration sessionTimeout,
      Duration connectTimeout, SecretBox secrets) {}

  /**
   * Connects, checks the directory's ACLs when running with credentials, makes sure of the server object
   * (created with its default Receive connector only in an open directory) and of the node secret it
   * authenticates to other nodes with, and starts the cache and the registration.
   *
   * @throws dev.sluice.directory.DirectoryException when the start is refused (ZooKeeper unreachable
   *     within the connect timeout, a world-writable directory, a stored server that differs, a name
   *     another live process holds)
   */
  public static NodeDirectory start(Settings settings, TransportServer server, ReceiveConnector.Binding smtp,
      Member member, Clock clock, ScheduledExecutorService executor, Consumer<DirectorySnapshot> listener) {
    CuratorFramework client = ZooKeeperClients.connect(settings.connectString(), settings.sessionTimeout(),
        settings.connectTimeout(), settings.credentials(), settings.layout());
    try {
      ZooKeeperDirectory directory = new ZooKeeperDirectory(client, settings.layout());
      if (settings.credentials().isPresent()) {
        DirectoryAudit.requireProtected(client, settings.layout());
      }
      ServerBootstrap.ensure(directory, server, smtp, settings.credentials().isEmpty());
      // Made before the node registers, so that no live member lacks the secret it authenticates with.
      ZooKeeperSecrets secrets = new ZooKeeperSecrets(client, settings.layout());
      NodeSecrets nodeSecrets = new NodeSecrets(secrets, settings.secrets(), new SecureRandom());
      nodeSecrets.ensure(server.name());
      DirectoryCache cache = new DirectoryCache(client, settings.layout());
      MemberRegistration registration = new MemberRegistration(client, settings.layout(), member, clock, executor);
      NodeDirectory node = new NodeDirectory(client, directory, cache, registration, nodeSecrets, secrets,
          settings.secrets(), clock);
      client.getConnectionStateListenable().addListener((c, state) -> node.connection.set(state));
      cache.addListener(snapshot -> {
        node.publishedAt.set(clock.instant());
        listener.accept(snapshot);
      });
      cache.start();
      registration.start();
      return node;
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** The writer, for what a node itself stores (its first-start seed in an open directory). */
  public ZooKeeperDirectory directory() {
    return directory;
  }

  /** The node secrets: this node's own, and the check of another node's when it authenticates. */
  public NodeSecrets nodeSecrets() {
    return nodeSecrets;
  }

  /** The snapshot in use, once the first one is published. */
  public Optional<DirectorySnapshot> snapshot() {
    return cache.current();
  }

  /** The ZooKeeper connection state, as Curator last reported it. */
  public ConnectionState connectionState() {
    return connection.get();
  }

  public boolean isConnected() {
    return connection.get().isConnected();
  }

  /** Seconds since the snapshot in use was published; -1 before the first. */
  public double snapshotAgeSeconds() {
    Instant at = publishedAt.get();
    return at == null ? -1 : Duration.between(at, clock.instant()).toMillis() / 1000.0;
  }

  public RegistrationStatus registrationStatus() {
    return registration.status();
  }

  /** Reports this node's queue length (written at most once a second). */
  public void updateLoad(long queueLength) {
    registration.updateLoad(queueLength);
  }

  /** Stored objects the snapshot could not use, as the cache counted them. */
  public long invalidDocumentsSeen() {
    return cache.invalidDocumentsSeen();
  }

  /**
   * The smart host login stored as secret {@code id} (a Send connector's AuthenticationCredential), opened
   * with the cluster key; empty when there is none.
   */
  public Optional<dev.sluice.directory.secrets.SmartHostCredential> smartHostCredential(String id) {
    return secrets.get(id).map(box::open).map(dev.sluice.directory.secrets.SmartHostCredential::decode);
  }

  /** Deregisters, stops the cache and closes the client. */
  @Override
  public void close() {
    registration.close();
    cache.close();
    client.close();
  }
}
