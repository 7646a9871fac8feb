package dev.sluice.directory.zookeeper;

import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;

/** Clients of a real ZooKeeper server for tests, started and waited for. */
final class ZooKeeperSupport {
  private ZooKeeperSupport() {}

  /** A started client of {@code server}, connected. */
  static CuratorFramework client(TestingServer server) throws InterruptedException {
    return client(server.getConnectString());
  }

  static CuratorFramework client(String connect) throws InterruptedException {
    CuratorFramework client = CuratorFrameworkFactory.builder()
        .connectString(connect)
        .sessionTimeoutMs((int) Duration.ofSeconds(10).toMillis())
        .connectionTimeoutMs((int) Duration.ofSeconds(10).toMillis())
        .retryPolicy(new RetryNTimes(3, 100))
        .build();
    client.start();
    if (!client.blockUntilConnected(20, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new IllegalStateException("no ZooKeeper at " + connect);
    }
    return client;
  }
}
