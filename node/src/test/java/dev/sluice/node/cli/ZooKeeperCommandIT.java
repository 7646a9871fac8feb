package dev.sluice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The zookeeper verb: a standalone server on loopback that the other verbs can use, stopped cleanly. */
class ZooKeeperCommandIT {
  @TempDir Path dir;

  @Test
  void servesTheDirectoryOnLoopbackUntilStopped() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = SluiceCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    AtomicInteger exit = new AtomicInteger(-1);
    Path data = dir.resolve("zk");
    Thread runner = new Thread(
        () -> exit.set(cli.execute("zookeeper", "--port", "" + port, "--data-dir", data.toString())), "zookeeper-verb");
    runner.start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("listening"));
      assertThat(out.toString().strip())
          .isEqualTo("ZooKeeper listening on 127.0.0.1:" + port + ", data in " + data.toAbsolutePath());

      String connect = "127.0.0.1:" + port;
      Cli.Run made = Cli.raw("new-site", "--zookeeper", connect, "--name", "Site-A");
      assertThat(made.exitCode()).as(made.toString()).isZero();
      assertThat(Cli.raw("get-site", "--zookeeper", connect).out()).contains("Site-A");
      assertThat(data.resolve("version-2")).isDirectory();
    } finally {
      runner.interrupt();
      runner.join(Duration.ofSeconds(30).toMillis());
    }
    assertThat(runner.isAlive()).isFalse();
    assertThat(exit.get()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> refused(port));
  }

  @Test
  void aTakenPortIsRefusedSayingWhatToDo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Cli.Run run = Cli.raw("zookeeper", "--port", "" + taken.getLocalPort(), "--data-dir", dir.resolve("zk").toString());
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains("--port");
    }
  }

  private static boolean refused(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
