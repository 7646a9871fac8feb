package dev.sluice.node.cli;

import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.directory.zookeeper.ZooKeeperDirectory;
import dev.sluice.directory.zookeeper.ZooKeeperSecrets;
import org.apache.curator.framework.CuratorFramework;

/**
 * One verb's connection to the directory: the Curator client, the directory and the secrets over it.
 * Closing it closes the client. Not shared between threads.
 */
final class DirectorySession implements AutoCloseable {
  private final CuratorFramework client;
  private final ZooKeeperDirectory directory;
  private final ZooKeeperSecrets secrets;

  DirectorySession(CuratorFramework client, DirectoryLayout layout) {
    this.client = client;
    this.directory = new ZooKeeperDirectory(client, layout);
    this.secrets = new ZooKeeperSecrets(client, layout);
  }

  ZooKeeperDirectory directory() {
    return directory;
  }

  ZooKeeperSecrets secrets() {
    return secrets;
  }

  @Override
  public void close() {
    client.close();
  }
}
