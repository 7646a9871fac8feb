package dev.sluice.directory.zookeeper;

import dev.sluice.directory.layout.DirectoryLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One full read of the znodes under a root, for the cache's loads: batches of reads in one ZooKeeper
 * multi-read each, many batches in flight at once, level after level (a znode's children are listed
 * once its stat says it has some).
 *
 * <p>Not thread-safe: it runs on the executor it is given (the cache's thread), onto which every
 * response is handed. Batching is what makes a large directory load in a second rather than several:
 * one request per znode costs the server and the client far more than the data does. A znode removed
 * between its listing and its read is skipped (its delete event reaches the cache), so is one the
 * client may not read (counted in the log). Any other failure ends the read with {@link Sink#failed};
 * nothing is reported after {@link #cancel}.
 */
final class TreeReader {
  private static final Logger LOG = LoggerFactory.getLogger(TreeReader.class);
  /** Znodes asked for and not answered yet: bounds the memory a load holds at once. */
  static final int MAX_IN_FLIGHT = 5_000;

  /** Where the read goes, on the executor. */
  interface Sink {
    void node(String path, byte[] data, Stat stat);

    void loaded();

    void failed(KeeperException.Code code);
  }

  private record Container(String path, int children) {}

  private final ZooKeeper zk;
  private final Executor executor;
  private final TreeSizes sizes;
  private final Sink sink;
  private final Deque<String> toRead = new ArrayDeque<>();
  private final Deque<Container> toList = new ArrayDeque<>();
  private int inFlight;
  private int unreadable;
  private boolean over;

  TreeReader(ZooKeeper zk, Executor executor, TreeSizes sizes, Sink sink) {
    this.zk = zk;
    this.executor = executor;
    this.sizes = sizes;
    this.sink = sink;
  }

  /** Starts reading {@code root} and everything under it. */
  void start(String root) {
    toRead.add(root);
    pump();
  }

  /** Nothing more is reported to the sink. */
  void cancel() {
    over = true;
  }

  private void pump() {
    while (!over && inFlight < MAX_IN_FLIGHT && !(toList.isEmpty() && toRead.isEmpty())) {
      if (!toList.isEmpty()) {
        list();
      } else {
        read();
      }
    }
    if (!over && inFlight == 0 && toList.isEmpty() && toRead.isEmpty()) {
      over = true;
      if (unreadable > 0) {
        LOG.warn("{} znodes under the directory could not be read with this client's credentials", unreadable);
      }
      sink.loaded();
    }
  }

  private void read() {
    String container = DirectoryLayout.parentOf(toRead.peek());
    int most = sizes.batch(container);
    List<String> batch = new ArrayList<>();
    while (batch.size() < most && !toRead.isEmpty() && DirectoryLayout.parentOf(toRead.peek()).equals(container)) {
      batch.add(toRead.poll());
    }
    send(batch, Op::getData, results -> {
      for (int i = 0; i < batch.size(); i++) {
        if (results.get(i) instanceof OpResult.GetDataResult r) {
          byte[] data = r.getData() == null ? new byte[0] : r.getData();
          sizes.saw(container, data.length);
          sink.node(batch.get(i), data, r.getStat());
          if (r.getStat().getNumChildren() > 0) {
            toList.add(new Container(batch.get(i), r.getStat().getNumChildren()));
          }
        } else if (!skippable(batch.get(i), results.get(i))) {
          return;
        }
      }
    });
  }

  private void list() {
    List<String> batch = new ArrayList<>();
    long children = 0;
    do {
      Container c = toList.poll();
      batch.add(c.path());
      children += c.children();
    } while (!toList.isEmpty() && batch.size() < TreeSizes.MAX_BATCH && sizes.listingFits(children + toList.peek().children()));
    send(batch, Op::getChildren, results -> {
      for (int i = 0; i < batch.size(); i++) {
        if (results.get(i) instanceof OpResult.GetChildrenResult r) {
          String parent = batch.get(i);
          r.getChildren().forEach(child -> toRead.add(parent + "/" + child));
        } else if (!skippable(batch.get(i), results.get(i))) {
          return;
        }
      }
    });
  }

  /** Sends one multi-read of {@code op} on each path; its results are handled on the executor. */
  private void send(List<String> paths, java.util.function.Function<String, Op> op, java.util.function.Consumer<List<OpResult>> handle) {
    inFlight += paths.size();
    zk.multi(paths.stream().map(op).toList(), (rc, p, ctx, results) -> executor.execute(() -> {
      inFlight -= paths.size();
      if (over) {
        return;
      }
      if (results == null || results.size() != paths.size()) {
        fail(KeeperException.Code.get(rc == 0 ? KeeperException.Code.SYSTEMERROR.intValue() : rc));
        return;
      }
      handle.accept(results);
      pump();
    }), null);
  }

  private boolean skippable(String path, OpResult result) {
    int err = result instanceof OpResult.ErrorResult e ? e.getErr() : KeeperException.Code.SYSTEMERROR.intValue();
    if (err == KeeperException.Code.NONODE.intValue()) {
      return true;
    }
    if (err == KeeperException.Code.NOAUTH.intValue()) {
      unreadable++;
      return true;
    }
    LOG.debug("reading {} failed: {}", path, KeeperException.Code.get(err));
    fail(KeeperException.Code.get(err));
    return false;
  }

  private void fail(KeeperException.Code code) {
    over = true;
    sink.failed(code);
  }
}
