package dev.sluice.node.cli;

import dev.sluice.directory.DirectoryException;
import dev.sluice.node.config.ConfigException;
import dev.sluice.node.config.NodeConfig;
import dev.sluice.node.config.NodeConfigLoader;
import dev.sluice.node.lifecycle.TransportNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * node: runs one Hub or Edge transport node until SIGTERM, from a YAML configuration or, without
 * {@code --config}, the embedded default (one Hub with an in-process ZooKeeper, data under
 * {@code ./sluice-data}), which seeds the domain {@code sluice.test} on its first start.
 */
@Command(name = "node", description = "Run a Hub or Edge transport node (the embedded default without --config).",
    footerHeading = "%nExample:%n",
    footer = {"  sluice node                              # the embedded default on 127.0.0.1:2525",
        "  sluice node --config /etc/sluice/hub1.yaml"})
final class NodeCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "The node's YAML configuration (see the README).")
  Path config;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./sluice-data",
      description = "Where the embedded default keeps its data (default: ${DEFAULT-VALUE}); ignored with --config.")
  Path dataDir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    NodeConfig nodeConfig;
    try {
      nodeConfig = config == null ? NodeConfig.embeddedDefault(dataDir) : NodeConfigLoader.load(config);
    } catch (ConfigException e) {
      throw CliException.usage(e.getMessage());
    }
    TransportNode node;
    try {
      node = TransportNode.start(nodeConfig, config == null, dataDir.resolve("drop"), Clock.systemUTC(),
          new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true));
    } catch (DirectoryException e) {
      throw CliException.refused("the node cannot start: " + e.getMessage());
    }
    UntilStopped.run(node, "sluice-node");
    return ExitCodes.OK;
  }
}
