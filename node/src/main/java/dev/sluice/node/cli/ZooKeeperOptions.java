package dev.sluice.node.cli;

import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.directory.zookeeper.Credentials;
import dev.sluice.directory.zookeeper.ZooKeeperClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every directory verb takes: where ZooKeeper is, which organization's root, and how long to
 * wait for it. A picocli mixin; one instance per parsed command.
 */
final class ZooKeeperOptions {
  static final String DEFAULT_CONNECT = "127.0.0.1:2181";

  @Option(names = "--zookeeper", paramLabel = "CONNECT", defaultValue = DEFAULT_CONNECT,
      description = "ZooKeeper's connect string, host:port[,host:port...] (default: ${DEFAULT-VALUE}).")
  String connect;

  @Option(names = "--root", paramLabel = "ZNODE",
      description = "The directory's root znode (default: /sluice/<organization>).")
  String root;

  @Option(names = "--organization", paramLabel = "ORG",
      description = "Shortcut for --root /sluice/ORG (default: " + DirectoryLayout.DEFAULT_ORGANIZATION + ").")
  String organization;

  @Option(names = "--credentials-file", paramLabel = "FILE",
      description = "The ZooKeeper credentials file to authenticate with (role, user, password, node group;"
          + " see the README). Without it the directory is open.")
  Path credentialsFile;

  @Option(names = "--connect-timeout", paramLabel = "SPAN", defaultValue = "20s",
      description = "How long to wait for ZooKeeper before giving up: 20s, 00:00:20 (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  /** The layout the options name. */
  DirectoryLayout layout() {
    if (root != null && organization != null) {
      throw CliException.usage("give --root or --organization, not both (--organization ORG is --root /sluice/ORG)");
    }
    if (root != null) {
      return DirectoryLayout.at(root);
    }
    return DirectoryLayout.forOrganization(organization == null ? DirectoryLayout.DEFAULT_ORGANIZATION : organization);
  }

  /** Connects, within {@code --connect-timeout}, to the directory the options name. */
  DirectorySession open() {
    DirectoryLayout layout = layout();
    Optional<Credentials> credentials;
    try {
      credentials = Optional.ofNullable(credentialsFile).map(Credentials::load);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    return new DirectorySession(ZooKeeperClients.connect(connect, ZooKeeperClients.DEFAULT_SESSION_TIMEOUT,
        connectTimeout, credentials, credentials.isPresent() ? layout : null), layout);
  }
}
