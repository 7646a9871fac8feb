package dev.sluice.directory.zookeeper;

import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;

/** Clients of a real ZooKeeper server for tests, started and waited for. */
final class ZooKeeperSupport {
  private ZooKeeperSupport() {}

  /** A started client of {@code server}, connected. */
  static CuratorFramework client(TestingServer server) throws InterruptedException {
    return client(server.getConnectString());
  }

  static CuratorFramework client(String connect) {
    return ZooKeeperClients.connect(connect, Duration.ofSeconds(10), Duration.ofSeconds(20));
  }
}
