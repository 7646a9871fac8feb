package dev.sluice.directory.zookeeper;

import dev.sluice.directory.DirectoryException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * Makes the Curator clients of the CLI and of nodes: one connect string, a session timeout, and a bounded
 * wait for the first connection, so that a caller that cannot reach ZooKeeper gives up naming the
 * address it tried.
 *
 * <p>Stateless and thread-safe; the returned client is started and the caller's to close.
 */
public final class ZooKeeperClients {
  /** How long a CLI call waits for ZooKeeper before it gives up (the issue: within 30 s). */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(30);

  private ZooKeeperClients() {}

  /**
   * A started client of {@code connectString}, connected within {@code connectTimeout}; otherwise it is
   * closed and {@link DirectoryException.Unavailable} names the address.
   */
  public static CuratorFramework connect(String connectString, Duration sessionTimeout, Duration connectTimeout) {
    CuratorFramework client = CuratorFrameworkFactory.builder()
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
