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
      if (leading(server.getInstanceSpec())) {
        InstanceSpec spec = server.getInstanceSpec();
        cluster.killServer(spec);
        return spec;
      }
    }
    throw new IllegalStateException("no server of the ensemble is leading");
  }

  /** Whether the server answers ZooKeeper's {@code srvr} command (allowed by default) with "Mode: leader". */
  private static boolean leading(InstanceSpec spec) {
    try (java.net.Socket socket = new java.net.Socket(spec.getHostname(), spec.getPort())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write("srvr".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String reply = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
      return reply.contains("Mode: leader");
    } catch (java.io.IOException e) {
      return false; // a server that does not answer is not the leader to kill
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
