package dev.sluice.directory.zookeeper;

import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;

/**
 * The znode operations of one write, each with the words that name it should it fail, to be run as one
 * ZooKeeper transaction. Not thread-safe; one per attempt of a write.
 */
final class WritePlan {
  private final CuratorFramework client;
  private final List<CuratorOp> ops = new ArrayList<>();
  private final List<String> descriptions = new ArrayList<>();

  WritePlan(CuratorFramework client) {
    this.client = client;
  }

  WritePlan create(String path, byte[] data, String what) throws Exception {
    ops.add(client.transactionOp().create().forPath(path, data));
    descriptions.add(what);
    return this;
  }

  WritePlan update(String path, byte[] data, int version, String what) throws Exception {
    ops.add(client.transactionOp().setData().withVersion(version).forPath(path, data));
    descriptions.add(what);
    return this;
  }

  WritePlan delete(String path, int version, String what) throws Exception {
    ops.add(client.transactionOp().delete().withVersion(version).forPath(path));
    descriptions.add(what);
    return this;
  }

  List<CuratorOp> ops() {
    return ops;
  }

  /** What the operation at {@code index} of {@link #ops} does. */
  String description(int index) {
    return descriptions.get(index);
  }

  boolean isEmpty() {
    return ops.isEmpty();
  }
}
