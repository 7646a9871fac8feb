package dev.sluice.directory.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.TestingServer;

/**
 * A ZooKeeper server in a process of its own, so that a benchmark measures its clients' heap without
 * the server's data tree in it: {@link #main} prints the connect string and serves until stdin closes.
 */
public final class BenchZooKeeper implements AutoCloseable {
  private final Process process;
  private final String connectString;

  private BenchZooKeeper(Process process, String connectString) {
    this.process = process;
    this.connectString = connectString;
  }

  /** Starts the server process and waits for its connect string. */
  public static BenchZooKeeper start() throws IOException {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-Xmx2g", "-Dzookeeper.admin.enableServer=false",
        "-Djute.maxbuffer=16777216", "-cp", System.getProperty("java.class.path"), BenchZooKeeper.class.getName()));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("connect ")) {
      process.destroyForcibly();
      throw new IOException("the benchmark's ZooKeeper did not start: " + line);
    }
    return new BenchZooKeeper(process, line.substring("connect ".length()));
  }

  public String connectString() {
    return connectString;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("zookeeper.admin.enableServer", "false");
    try (TestingServer server = new TestingServer(true)) {
      System.out.println("connect " + server.getConnectString());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Serve until the parent closes our stdin or kills us.
      }
    }
  }
}
