package dev.sluice.node.cli;

import dev.sluice.node.lifecycle.EmbeddedZooKeeper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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
    EmbeddedZooKeeper server;
    try {
      server = EmbeddedZooKeeper.start(listen, port, dataDir);
    } catch (IOException e) {
      throw CliException.refused(e.getMessage() + " (--listen, --port, --data-dir)");
    }
    spec.commandLine().getOut().println("ZooKeeper listening on " + server.connectString() + ", data in "
        + dataDir.toAbsolutePath().normalize());
    spec.commandLine().getOut().flush();
    UntilStopped.run(server, "sluice-zookeeper");
    return ExitCodes.OK;
  }
}
