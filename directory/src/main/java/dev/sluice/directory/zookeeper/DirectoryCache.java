package dev.sluice.directory.zookeeper;

import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.layout.DirectoryLayout;
import java.io.Closeable;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ZKConfig;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's live copy of the directory: a persistent recursive watch on the root and a batched full read
 * of the tree ({@link TreeReader}), turned into an immutable {@link DirectorySnapshot} published to
 * listeners on every change.
 *
 * <p>Thread-safe. Everything happens on one named thread ({@code sluice-directory-cache}): ZooKeeper's
 * events and responses are handed to it in the order the client received them, it re-reads a znode an
 * event names, feeds the {@link SnapshotAssembler}, and assembles and publishes after a short
 * coalescing delay, so a burst of changes gives one snapshot; listeners are called on that thread, in
 * order. {@link TreeVersions} keeps a late response from replacing newer data or undoing a delete.
 * Nothing is published before the first full load is complete, nor while a reload runs. When the
 * session is lost the last snapshot is republished marked stale and routing goes on with it; on
 * reconnection the watch is set again, the whole tree is read again (znodes it no longer finds are
 * dropped) and the next snapshot is fresh. A listener that throws is logged and does not stop the
 * others. State: LATENT, STARTED, CLOSED, changed by compare-and-set; {@link #close} is idempotent.
 */
public final class DirectoryCache implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryCache.class);
  /** How long a change waits for the rest of its burst before a snapshot is assembled. */
  public static final Duration DEFAULT_COALESCING = Duration.ofMillis(5);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private enum State { LATENT, STARTED, CLOSED }

  private final CuratorFramework client;
  private final SnapshotAssembler assembler;
  private final Duration coalescing;
  private final ScheduledExecutorService thread;
  /** The root as ZooKeeper names it (under the client's namespace, if any), and that namespace's prefix. */
  private final String zkRoot;
  private final String namespacePrefix;
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private final AtomicReference<DirectorySnapshot> current = new AtomicReference<>();
  private final List<Consumer<DirectorySnapshot>> listeners = new CopyOnWriteArrayList<>();
  private final ConnectionStateListener connectionListener = this::connectionChanged;
  private final Watcher watcher = event -> post(() -> changed(event));

  // The rest belongs to the cache's thread.
  private final TreeVersions versions = new TreeVersions();
  private TreeSizes sizes;
  private ZooKeeper zk;
  private TreeReader load;
  /** The paths the load in progress found (or events created), to drop the ones it did not. */
  private Set<String> seen;
  private long generation;
  private long loadStarted;
  private boolean loaded;
  private boolean scheduled;
  private boolean stale;

  public DirectoryCache(CuratorFramework client, DirectoryLayout layout) {
    this(client, layout, DEFAULT_COALESCING);
  }

  public DirectoryCache(CuratorFramework client, DirectoryLayout layout, Duration coalescing) {
    this.client = client;
    this.assembler = new SnapshotAssembler(layout);
    this.coalescing = coalescing;
    this.zkRoot = ZKPaths.fixForNamespace(client.getNamespace(), layout.root());
    this.namespacePrefix = zkRoot.substring(0, zkRoot.length() - layout.root().length());
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sluice-directory-cache");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts watching; the first snapshot follows the initial load. */
  public void start() {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("the directory cache can be started once only");
    }
    client.getConnectionStateListenable().addListener(connectionListener);
    post(this::reload);
  }

  /** Calls {@code listener} with every snapshot from now on (and the current one, if there is one). */
  public void addListener(Consumer<DirectorySnapshot> listener) {
    listeners.add(listener);
    DirectorySnapshot now = current.get();
    if (now != null) {
      thread.execute(() -> notify(listener, now));
    }
  }

  /** The latest snapshot; empty until the initial load is complete. */
  public Optional<DirectorySnapshot> current() {
    return Optional.ofNullable(current.get());
  }

  /** How many invalid document versions the cache has seen (for the metric). */
  public long invalidDocumentsSeen() {
    return assembler.invalidSeen();
  }

  /** Runs {@code task} on the cache's thread unless the cache is closed by then. */
  private void post(Runnable task) {
    try {
      thread.execute(() -> {
        if (state.get() == State.STARTED) {
          task.run();
        }
      });
    } catch (RejectedExecutionException closed) {
      // Closed: the response or event is of no use any more.
    }
  }

  private void connectionChanged(CuratorFramework c, ConnectionState newState) {
    switch (newState) {
      case LOST -> post(() -> {
        stale = true;
        LOG.warn("the ZooKeeper session is lost: routing goes on with the last directory snapshot, marked stale");
        schedule();
      });
      case RECONNECTED -> post(() -> {
        stale = false;
        reload();
      });
      case CONNECTED -> post(() -> {
        if (!loaded && load == null) {
          reload();
        }
      });
      default -> { }
    }
  }

  /** Sets the watch and reads the whole tree; the snapshot waits for the read to complete. */
  private void reload() {
    if (load != null) {
      load.cancel();
      load = null;
    }
    long gen = ++generation;
    try {
      zk = client.getZookeeperClient().getZooKeeper();
    } catch (Exception e) {
      LOG.warn("no ZooKeeper connection to load the directory from yet; waiting for one", e);
      return;
    }
    if (sizes == null) {
      sizes = new TreeSizes(zk.getClientConfig().getInt(ZKConfig.JUTE_MAXBUFFER,
          ZKClientConfig.CLIENT_MAX_PACKET_LENGTH_DEFAULT));
    }
    // The watch is asked for before the reads on the same connection, so it covers every change the
    // reads may miss.
    zk.addWatch(zkRoot, watcher, AddWatchMode.PERSISTENT_RECURSIVE, (rc, path, ctx) -> {
      if (rc != KeeperException.Code.OK.intValue()) {
        post(() -> loadFailed(gen, KeeperException.Code.get(rc)));
      }
    }, null);
    versions.forgetDeletes();
    seen = new HashSet<>();
    loadStarted = System.nanoTime();
    load = new TreeReader(zk, this::post, sizes, new TreeReader.Sink() {
      @Override
      public void node(String path, byte[] data, Stat stat) {
        String local = local(path);
        seen.add(local);
        apply(local, data, stat);
      }

      @Override
      public void loaded() {
        loadDone();
      }

      @Override
      public void failed(KeeperException.Code code) {
        loadFailed(gen, code);
      }
    });
    load.start(zkRoot);
  }

  private void loadDone() {
    load = null;
    // What the cache held and the load did not find was removed while the cache was not watching.
    for (String path : versions.paths().stream().filter(p -> !seen.contains(p)).toList()) {
      versions.forget(path);
      assembler.remove(path);
    }
    if (!loaded) {
      LOG.info("directory loaded: {} znodes read in {} ms", seen.size(), (System.nanoTime() - loadStarted) / 1_000_000);
    }
    seen = null;
    loaded = true;
    sizes.careful(false);
    schedule();
  }

  private void loadFailed(long gen, KeeperException.Code code) {
    if (gen != generation || load == null) {
      return;
    }
    load.cancel();
    load = null;
    seen = null;
    if (code == KeeperException.Code.CONNECTIONLOSS || code == KeeperException.Code.SESSIONEXPIRED) {
      // A batch whose response passed the client's packet limit also ends like this: the next load,
      // when the connection is back, reads znode by znode.
      sizes.careful(true);
      LOG.warn("the connection was lost while loading the directory ({}); loading again once it is back", code);
    } else {
      LOG.error("could not load the directory ({}); trying again in {} s", code, RETRY.toSeconds());
      thread.schedule(() -> post(() -> {
        if (gen == generation && load == null) {
          reload();
        }
      }), RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void changed(WatchedEvent event) {
    if (event.getPath() == null || !event.getPath().startsWith(zkRoot)) {
      return; // The connection's own state: the connection listener deals with it.
    }
    String path = local(event.getPath());
    switch (event.getType()) {
      case NodeCreated -> {
        versions.created(path, event.getZxid());
        reread(path);
      }
      case NodeDataChanged -> reread(path);
      case NodeDeleted -> {
        if (seen != null) {
          seen.remove(path);
        }
        if (versions.delete(path, event.getZxid())) {
          assembler.remove(path);
          schedule();
        }
      }
      default -> { }
    }
  }

  private void reread(String path) {
    long gen = generation;
    zk.getData(namespacePrefix + path, false, (rc, p, ctx, data, stat) -> post(() -> {
      if (gen != generation) {
        return; // A full load began since: it reads this znode again.
      }
      if (rc == KeeperException.Code.OK.intValue()) {
        byte[] bytes = data == null ? new byte[0] : data;
        sizes.saw(DirectoryLayout.parentOf(path), bytes.length);
        if (seen != null) {
          seen.add(path);
        }
        apply(path, bytes, stat);
      } else if (rc == KeeperException.Code.NONODE.intValue()) {
        // Gone again before the read; its delete event has come or comes next.
        versions.forget(path);
        assembler.remove(path);
        schedule();
      }
      // Any other failure is a connection's: the reload on reconnection reads it.
    }), null);
  }

  private void apply(String path, byte[] data, Stat stat) {
    if (versions.put(path, stat.getMzxid())) {
      assembler.put(path, data, stat.getMzxid(), stat.getPzxid());
      schedule();
    }
  }

  private String local(String zkPath) {
    return zkPath.substring(namespacePrefix.length());
  }

  /** Assembles soon, when there is something to publish: after the first load, not during a reload. */
  private void schedule() {
    if (!scheduled && publishable()) {
      scheduled = true;
      thread.schedule(() -> post(this::assemble), coalescing.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private boolean publishable() {
    return loaded && (load == null || stale);
  }

  /** Publishes the snapshot of what the assembler was fed. */
  private void assemble() {
    scheduled = false;
    if (!publishable()) {
      return;
    }
    try {
      DirectorySnapshot before = current.get();
      long started = System.nanoTime();
      DirectorySnapshot next = assembler.assemble(stale);
      if (before == null) {
        LOG.info("first directory snapshot assembled in {} ms", (System.nanoTime() - started) / 1_000_000);
      }
      if (next != before) {
        current.set(next);
        listeners.forEach(l -> notify(l, next));
      }
    } catch (RuntimeException e) {
      LOG.error("could not assemble a directory snapshot; the last one stays in use", e);
    }
  }

  private static void notify(Consumer<DirectorySnapshot> listener, DirectorySnapshot snapshot) {
    try {
      listener.accept(snapshot);
    } catch (RuntimeException e) {
      LOG.error("a directory snapshot listener failed", e);
    }
  }

  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.CLOSED) {
      return;
    }
    client.getConnectionStateListenable().removeListener(connectionListener);
    try {
      thread.execute(() -> {
        try {
          if (zk != null) {
            zk.removeWatches(zkRoot, watcher, Watcher.WatcherType.Any, true, (rc, path, ctx) -> { }, null);
          }
        } catch (RuntimeException e) {
          LOG.debug("could not remove the directory watch; the client's close removes it", e);
        }
      });
    } catch (RejectedExecutionException never) {
      // Only close() shuts the thread down, and it runs once.
    }
    thread.shutdown();
  }
}
