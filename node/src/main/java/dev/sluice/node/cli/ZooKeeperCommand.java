package dev.sluice.node.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * zookeeper: a standalone ZooKeeper server in this process, for development, tests and one-machine use.
 *
 * <p>It listens on 127.0.0.1 unless {@code --listen} says otherwise, starts no admin web server, and runs
 * until the process is stopped (SIGTERM or Ctrl-C close it cleanly, through a shutdown hook) or the thread
 * running it is interrupted, which is how a caller that embeds it stops it.
 */
@Command(name = "zookeeper", description = "Run a standalone ZooKeeper server in this process (development).",
    footerHeading = "%nExample:%n", footer = {"  sluice zookeeper --port 2181 --data-dir ./sluice-data/zookeeper"})
final class ZooKeeperCommand implements Callable<Integer> {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

  @Option(names = "--port", defaultValue = "2181", paramLabel = "PORT",
      description = "The client port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--listen", defaultValue = "127.0.0.1", paramLabel = "HOST",
      description = "The address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String listen;

  @Option(names = "--data-dir", defaultValue = "./sluice-data/zookeeper", paramLabel = "DIR",
      description = "Where the snapshots and the transaction log are kept (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw CliException.refused("cannot create --data-dir " + dir + ": " + e.getMessage());
    }
    requireFreePort();
    ZooKeeperServerEmbedded server = ZooKeeperServerEmbedded.builder()
        .baseDir(dir)
        .configuration(configuration(dir))
        .exitHandler(ExitHandler.LOG_ONLY)
        .build();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "sluice-zookeeper-shutdown");
    try {
      server.start(STARTUP_TIMEOUT.toMillis());
    } catch (Exception e) {
      server.close();
      throw CliException.refused("ZooKeeper could not start on " + listen + ":" + port + ": " + e.getMessage()
          + " (is the port taken? choose another with --port)");
    }
    Runtime.getRuntime().addShutdownHook(hook);
    spec.commandLine().getOut().println("ZooKeeper listening on " + listen + ":" + port + ", data in " + dir);
    spec.commandLine().getOut().flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      server.close();
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }

  /**
   * Refuses a taken port at once: the embedded server reports a failed bind only in its log, and its start
   * would wait out the whole startup timeout.
   */
  private void requireFreePort() {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(listen, port));
    } catch (IOException e) {
      throw CliException.refused("ZooKeeper cannot listen on " + listen + ":" + port + ": " + e.getMessage()
          + "; choose another --port, or stop what holds it");
    }
  }

  private Properties configuration(Path dir) {
    Properties p = new Properties();
    p.setProperty("tickTime", "2000");
    p.setProperty("initLimit", "10");
    p.setProperty("syncLimit", "5");
    p.setProperty("dataDir", dir.toString());
    p.setProperty("clientPort", Integer.toString(port));
    p.setProperty("clientPortAddress", listen);
    // The AdminServer would open an HTTP port (8080) nobody asked for.
    p.setProperty("admin.enableServer", "false");
    p.setProperty("4lw.commands.whitelist", "ruok,srvr");
    return p;
  }
}
