package dev.sluice.directory.zookeeper;

import dev.sluice.directory.StoredSecret;
import dev.sluice.directory.codec.DirectoryCodec;
import dev.sluice.directory.codec.RuntimeCodecs;
import dev.sluice.directory.layout.DirectoryLayout;
import java.util.Objects;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * The sealed secrets under {@code /secrets} in ZooKeeper: stores, reads and removes {@link StoredSecret}s,
 * one znode each, never anything in plain text (sealing is {@code SecretBox}'s, before a secret gets here).
 *
 * <p>Thread-safe; the Curator client is the caller's to start and close. A secret is not part of the
 * {@code /config} transactions: it is written before or after the connector that names it, and a write is
 * create-or-replace, so repeating a half-done change converges. Failures are {@code DirectoryException}s
 * that name the secret and what was being done.
 */
public final class ZooKeeperSecrets {
  /** A create that races with another writer's create turns into a replace; twice is already a crowd. */
  private static final int MAX_ATTEMPTS = 5;

  private final CuratorFramework client;
  private final DirectoryLayout layout;
  private final Transactions transactions;

  public ZooKeeperSecrets(CuratorFramework client, DirectoryLayout layout) {
    this.client = Objects.requireNonNull(client, "a Curator client must be given");
    this.layout = Objects.requireNonNull(layout, "a directory layout must be given");
    this.transactions = new Transactions(client, layout);
  }

  /** Stores {@code secret} under its id, replacing the secret of that id if there is one. */
  public void put(StoredSecret secret) {
    Objects.requireNonNull(secret, "the secret to store must be given");
    String path = layout.secret(secret.id());
    byte[] data = DirectoryCodec.encode(RuntimeCodecs.SECRET, secret);
    transactions.call("store secret '" + secret.id() + "'", () -> {
      for (int attempt = 1; ; attempt++) {
        try {
          client.setData().forPath(path, data);
          return null;
        } catch (KeeperException.NoNodeException absent) {
          try {
            client.create().creatingParentsIfNeeded().forPath(path, data);
            return null;
          } catch (KeeperException.NodeExistsException raced) {
            if (attempt == MAX_ATTEMPTS) {
              throw raced;
            }
            // Another writer created it between our two calls: replace theirs on the next round.
          }
        }
      }
    });
  }

  /** The secret {@code id}, if it is stored. */
  public Optional<StoredSecret> get(String id) {
    String path = layout.secret(id);
    return transactions.call("read secret '" + id + "'", () -> {
      try {
        return Optional.of(DirectoryCodec.decode(RuntimeCodecs.SECRET, path, client.getData().forPath(path)));
      } catch (KeeperException.NoNodeException e) {
        return Optional.empty();
      }
    });
  }

  /** Whether ZooKeeper is connected now: without it a read blocks through the whole retry policy. */
  public boolean isConnected() {
    return client.getZookeeperClient().isConnected();
  }

  /** Removes the secret {@code id}; false when there was none. */
  public boolean remove(String id) {
    String path = layout.secret(id);
    return transactions.call("remove secret '" + id + "'", () -> {
      try {
        client.delete().forPath(path);
        return true;
      } catch (KeeperException.NoNodeException e) {
        return false;
      }
    });
  }
}
