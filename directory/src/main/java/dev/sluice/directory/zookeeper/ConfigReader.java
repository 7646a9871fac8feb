package dev.sluice.directory.zookeeper;

import dev.sluice.directory.ConfigView;
import dev.sluice.directory.DirectoryException;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.codec.CodecException;
import dev.sluice.directory.codec.DirectoryCodec;
import dev.sluice.directory.layout.DirectoryLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Reads the whole of {@code /config} with its znode versions, for a write to validate against and to
 * compare-and-set on, and for the CLI's get verbs.
 *
 * <p>Thread-safe (stateless but for its client). The object reads are pipelined (issued in the background
 * and awaited together), so a directory of tens of thousands of objects reads in one round of
 * round-trips. A document that cannot be decoded is reported in {@link Loaded#invalid} and left out.
 */
final class ConfigReader {
  private static final long READ_TIMEOUT_SECONDS = 30;

  /** One read of {@code /config}. */
  record Loaded(
      int generationVersion,
      ConfigView view,
      Map<String, Stat> stats,
      List<CodecException> invalid,
      List<String> receiveContainers) {

    /** The znode version of the object at {@code path}, or -1 when it is not there. */
    int version(String path) {
      Stat stat = stats.get(path);
      return stat == null ? -1 : stat.getVersion();
    }
  }

  private final CuratorFramework client;
  private final DirectoryLayout layout;

  ConfigReader(CuratorFramework client, DirectoryLayout layout) {
    this.client = client;
    this.layout = layout;
  }

  /** Reads every kind. */
  Loaded read() throws Exception {
    return read(ObjectKind.ALL);
  }

  /** Reads the objects of {@code wanted} only (the generation always). */
  Loaded read(java.util.Collection<ObjectKind<?>> wanted) throws Exception {
    Stat generation = client.checkExists().forPath(layout.config());
    if (generation == null) {
      throw new DirectoryException.NotFound("the directory " + layout.root() + " has no /config yet: create it with"
          + " any new-* verb, or start a node on it");
    }
    List<String> paths = new ArrayList<>();
    Map<String, ObjectKind<?>> kinds = new HashMap<>();
    List<String> receiveContainers = new ArrayList<>();
    for (ObjectKind<?> kind : wanted) {
      String container = kind.container(layout);
      for (String child : children(container)) {
        if (kind.perServer()) {
          String serverContainer = container + "/" + child;
          receiveContainers.add(serverContainer);
          for (String name : children(serverContainer)) {
            paths.add(serverContainer + "/" + name);
            kinds.put(serverContainer + "/" + name, kind);
          }
        } else {
          paths.add(container + "/" + child);
          kinds.put(container + "/" + child, kind);
        }
      }
    }
    Map<String, CuratorEvent> events = readAll(paths);
    ConfigView.Builder view = ConfigView.builder();
    Map<String, Stat> stats = new HashMap<>();
    List<CodecException> invalid = new ArrayList<>();
    for (String path : paths) {
      CuratorEvent event = events.get(path);
      if (event == null || event.getResultCode() == KeeperException.Code.NONODE.intValue()) {
        continue; // Removed between the listing and the read.
      }
      if (event.getResultCode() != 0) {
        throw KeeperException.create(KeeperException.Code.get(event.getResultCode()), path);
      }
      ObjectKind<?> kind = kinds.get(path);
      try {
        view.addUnchecked(kind, DirectoryCodec.decode(kind.codec(), path, event.getData()));
        stats.put(path, event.getStat());
      } catch (CodecException e) {
        invalid.add(e);
        stats.put(path, event.getStat());
      }
    }
    return new Loaded(generation.getVersion(), view.build(), stats, invalid, receiveContainers);
  }

  private List<String> children(String container) throws Exception {
    try {
      return client.getChildren().forPath(container);
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
  }

  private Map<String, CuratorEvent> readAll(List<String> paths) throws Exception {
    Map<String, CuratorEvent> events = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(paths.size());
    for (String path : paths) {
      client.getData().inBackground((c, event) -> {
        events.put(path, event);
        done.countDown();
      }).forPath(path);
    }
    if (!done.await(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      throw new DirectoryException.Unavailable("reading " + layout.config() + " took longer than "
          + READ_TIMEOUT_SECONDS + " s; ZooKeeper is too slow or away", null);
    }
    return events;
  }
}
