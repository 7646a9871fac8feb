package dev.sluice.directory.zookeeper;

import dev.sluice.directory.DirectoryException;
import dev.sluice.directory.layout.DirectoryLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.AuthInfo;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the Curator clients of the CLI and of nodes: one connect string, a session timeout, and a bounded
 * wait for the first connection, so that a caller that cannot reach ZooKeeper gives up naming the
 * address it tried.
 *
 * <p>Stateless and thread-safe; the returned client is started and the caller's to close.
 */
public final class ZooKeeperClients {
  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperClients.class);
  /** How long a CLI call waits for ZooKeeper before it gives up (the issue: within 30 s). */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(30);

  private ZooKeeperClients() {}

  /**
   * A started client of {@code connectString}, connected within {@code connectTimeout}; otherwise it is
   * closed and {@link DirectoryException.Unavailable} names the address.
   */
  public static CuratorFramework connect(String connectString, Duration sessionTimeout, Duration connectTimeout) {
    return connect(connectString, sessionTimeout, connectTimeout, Optional.empty(), null);
  }

  /**
   * Like {@link #connect(String, Duration, Duration)}, authenticated with {@code credentials} and creating
   * znodes with the directory's ACLs under {@code layout}; without credentials the directory is open
   * (development mode) and the client says so in the log.
   */
  public static CuratorFramework connect(String connectString, Duration sessionTimeout, Duration connectTimeout,
      Optional<Credentials> credentials, DirectoryLayout layout) {
    CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder();
    if (credentials.isPresent()) {
      List<AuthInfo> auth = credentials.get().authentications().stream()
          .map(a -> new AuthInfo("digest", a.getBytes(StandardCharsets.UTF_8)))
          .toList();
      builder.authorization(auth).aclProvider(new DirectoryAcls(layout, credentials.get()));
    } else if (layout != null) {
      LOG.warn("no ZooKeeper credentials file: the directory {} is open to anyone who reaches ZooKeeper"
          + " (development mode)", layout.root());
    }
    CuratorFramework client = builder
        .connectString(connectString)
        .sessionTimeoutMs(Math.toIntExact(sessionTimeout.toMillis()))
        .connectionTimeoutMs(Math.toIntExact(Math.min(connectTimeout.toMillis(), 15_000)))
        .retryPolicy(new ExponentialBackoffRetry(100, 5, 2_000))
        .build();
    client.start();
    try {
      if (!client.blockUntilConnected(Math.toIntExact(connectTimeout.toMillis()), TimeUnit.MILLISECONDS)) {
        client.close();
        throw new DirectoryException.Unavailable("could not reach ZooKeeper at " + connectString + " within "
            + connectTimeout.toSeconds() + " s: check --zookeeper and that the ensemble is up", null);
      }
    } catch (InterruptedException e) {
      client.close();
      Thread.currentThread().interrupt();
      throw new DirectoryException.Unavailable("interrupted while connecting to ZooKeeper at " + connectString, e);
    }
    return client;
  }
}
