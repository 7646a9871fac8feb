package dev.sluice.directory.zookeeper;

import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.layout.DirectoryLayout;
import java.io.Closeable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's live copy of the directory: one recursive {@link CuratorCache} over the root, turned into an
 * immutable {@link DirectorySnapshot} published to listeners on every change.
 *
 * <p>Thread-safe. Curator's events only record which znodes changed; one named thread
 * ({@code sluice-directory-cache}) assembles and publishes, after a short coalescing delay, so a burst of
 * changes (the initial load above all) gives one snapshot, and listeners are called on that thread, in
 * order. Nothing is published before the initial load is complete. When the session is lost the last
 * snapshot is republished marked stale and routing goes on with it; on reconnection the cache resyncs
 * and the next snapshot is fresh. A listener that throws is logged and does not stop the others.
 * State: LATENT, STARTED, CLOSED, changed by compare-and-set; {@link #close} is idempotent.
 */
public final class DirectoryCache implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryCache.class);
  /** How long a change waits for the rest of its burst before a snapshot is assembled. */
  public static final Duration DEFAULT_COALESCING = Duration.ofMillis(5);

  private enum State { LATENT, STARTED, CLOSED }

  private final CuratorFramework client;
  private final CuratorCache cache;
  private final SnapshotAssembler assembler;
  private final Duration coalescing;
  private final ScheduledExecutorService thread;
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private final AtomicReference<DirectorySnapshot> current = new AtomicReference<>();
  private final List<Consumer<DirectorySnapshot>> listeners = new CopyOnWriteArrayList<>();
  private final ConnectionStateListener connectionListener = this::connectionChanged;
  /** Changed paths and their new data (null when removed), since the last assembly; guarded by itself. */
  private final Map<String, ChildData> pending = new LinkedHashMap<>();
  private boolean scheduled;
  private boolean initialized;
  private boolean resync;
  private volatile boolean stale;

  public DirectoryCache(CuratorFramework client, DirectoryLayout layout) {
    this(client, layout, DEFAULT_COALESCING);
  }

  public DirectoryCache(CuratorFramework client, DirectoryLayout layout, Duration coalescing) {
    this.client = client;
    this.cache = CuratorCache.build(client, layout.root());
    this.assembler = new SnapshotAssembler(layout);
    this.coalescing = coalescing;
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
    cache.listenable().addListener(CuratorCacheListener.builder()
        .forCreatesAndChanges((before, after) -> changed(after.getPath(), after))
        .forDeletes(gone -> changed(gone.getPath(), null))
        .forInitialized(this::initialized)
        .build());
    client.getConnectionStateListenable().addListener(connectionListener);
    cache.start();
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

  private void changed(String path, ChildData data) {
    synchronized (pending) {
      pending.put(path, data);
      scheduleLocked();
    }
  }

  private void initialized() {
    synchronized (pending) {
      initialized = true;
      scheduleLocked();
    }
  }

  private void scheduleLocked() {
    if (initialized && !scheduled && state.get() == State.STARTED) {
      scheduled = true;
      thread.schedule(this::assemble, coalescing.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void connectionChanged(CuratorFramework c, ConnectionState newState) {
    if (newState == ConnectionState.LOST) {
      stale = true;
      LOG.warn("the ZooKeeper session is lost: routing goes on with the last directory snapshot, marked stale");
    } else if (newState == ConnectionState.RECONNECTED) {
      stale = false;
      // A full pass over what the cache holds makes sure the snapshot is whole after the gap: the
      // assembler forgets everything and takes the current znodes, then the events that follow.
      synchronized (pending) {
        pending.clear();
        cache.stream().forEach(d -> pending.put(d.getPath(), d));
        resync = true;
      }
    } else {
      return;
    }
    synchronized (pending) {
      scheduleLocked();
    }
  }

  /** On the cache thread: applies the pending changes and publishes the snapshot they make. */
  private void assemble() {
    Map<String, ChildData> batch;
    boolean fullPass;
    synchronized (pending) {
      scheduled = false;
      batch = new LinkedHashMap<>(pending);
      pending.clear();
      fullPass = resync;
      resync = false;
    }
    try {
      if (fullPass) {
        assembler.clear();
      }
      batch.forEach((path, data) -> {
        if (data == null) {
          assembler.remove(path);
        } else {
          assembler.put(path, data.getData(), data.getStat().getMzxid(), data.getStat().getPzxid());
        }
      });
      DirectorySnapshot before = current.get();
      long started = System.nanoTime();
      DirectorySnapshot next = assembler.assemble(stale);
      if (before == null) {
        LOG.info("directory loaded: {} znodes since start, snapshot assembled in {} ms", batch.size(),
            (System.nanoTime() - started) / 1_000_000);
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
    cache.close();
    thread.shutdownNow();
  }
}
