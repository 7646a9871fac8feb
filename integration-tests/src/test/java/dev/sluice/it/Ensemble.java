package dev.sluice.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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

  /**
   * Kills the current leader; the other two elect a new one. Returns the killed server's spec. The leader is
   * the server whose {@code srvr} four-letter word says {@code Mode: leader} (curator-test keeps its quorum
   * peers to itself, and srvr is on ZooKeeper's default four-letter-word whitelist).
   */
  public InstanceSpec killLeader() throws Exception {
    for (TestingZooKeeperServer server : cluster.getServers()) {
      InstanceSpec spec = server.getInstanceSpec();
      if (srvr(spec).contains("Mode: leader")) {
        cluster.killServer(spec);
        return spec;
      }
    }
    throw new IllegalStateException("no server of the ensemble says it is leading");
  }

  /** What {@code srvr} answers on {@code spec}'s client port, or "" if the server does not answer. */
  private static String srvr(InstanceSpec spec) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(spec.getHostname(), spec.getPort()), 2_000);
      socket.setSoTimeout(2_000);
      socket.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
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
