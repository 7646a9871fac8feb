package dev.sluice.it;

import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingZooKeeperServer;

/**
 * A three-server ZooKeeper ensemble on loopback (curator-test's {@link TestingCluster}), with the faults the
 * cluster tests need: kill the leader, stop and restart every server.
 */
public final class Ensemble implements AutoCloseable {
  private final TestingCluster cluster;

  public Ensemble() throws Exception {
    cluster = new TestingCluster(3);
    cluster.start();
  }

  public String connectString() {
    return cluster.getConnectString();
  }

  /** Kills the current leader; the other two elect a new one. Returns the killed server's spec. */
  public InstanceSpec killLeader() throws Exception {
    for (TestingZooKeeperServer server : cluster.getServers()) {
      InstanceSpec spec = server.getInstanceSpec();
      if (mode(spec).equals("leader")) {
        cluster.killServer(spec);
        return spec;
      }
    }
    throw new IllegalStateException("no server of the ensemble is leading");
  }

  /**
   * The server's mode (leader, follower, ...) by its {@code srvr} four-letter word, the one ZooKeeper allows
   * by default; curator-test 5.9 does not expose the quorum peer.
   */
  private static String mode(InstanceSpec spec) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", spec.getPort())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write("srvr".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
      return answer.lines().filter(l -> l.startsWith("Mode: ")).map(l -> l.substring(6).trim()).findFirst().orElse("");
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** Stops every server (their data stays), so the whole directory is gone until {@link #restartAll}. */
  public void stopAll() throws Exception {
    for (TestingZooKeeperServer server : cluster.getServers()) {
      server.stop();
    }
  }

  public void restartAll() throws Exception {
    for (TestingZooKeeperServer server : cluster.getServers()) {
      server.restart();
    }
  }

  public void restart(InstanceSpec spec) throws Exception {
    cluster.restartServer(spec);
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
