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
  /**
   * The largest document a write stores: far below ZooKeeper's 1 MiB jute.maxbuffer, so that a write
   * is refused here with a clear message rather than by the server with a length error.
   */
  static final int MAX_DOCUMENT_BYTES = 256 * 1024;

  private final CuratorFramework client;
  private final List<CuratorOp> ops = new ArrayList<>();
  private final List<String> descriptions = new ArrayList<>();

  WritePlan(CuratorFramework client) {
    this.client = client;
  }

  WritePlan create(String path, byte[] data, String what) throws Exception {
    requireSize(data, what);
    ops.add(client.transactionOp().create().forPath(path, data));
    descriptions.add(what);
    return this;
  }

  WritePlan update(String path, byte[] data, int version, String what) throws Exception {
    requireSize(data, what);
    ops.add(client.transactionOp().setData().withVersion(version).forPath(path, data));
    descriptions.add(what);
    return this;
  }

  WritePlan delete(String path, int version, String what) throws Exception {
    ops.add(client.transactionOp().delete().withVersion(version).forPath(path));
    descriptions.add(what);
    return this;
  }

  private static void requireSize(byte[] data, String what) {
    if (data.length > MAX_DOCUMENT_BYTES) {
      throw new IllegalArgumentException(what + " would be a document of " + data.length + " bytes; the directory"
          + " stores at most " + MAX_DOCUMENT_BYTES + " bytes per object: split it (fewer address spaces or"
          + " source servers per connector)");
    }
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
