package dev.sluice.directory.zookeeper;

import dev.sluice.directory.DirectoryException;
import dev.sluice.directory.Member;
import dev.sluice.directory.codec.DirectoryCodec;
import dev.sluice.directory.codec.RuntimeCodecs;
import dev.sluice.directory.layout.DirectoryLayout;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.WatcherRemoveCuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a running node as the ephemeral znode {@code /runtime/members/<server>} holding its
 * {@link Member} document, keeps it there through session loss, and never takes a name that another
 * live process holds.
 *
 * <p>Not Curator's PersistentNode: that recipe re-creates the znode from its own watcher and, finding
 * one in place, adopts it and sets its data whoever owns it, so an ownership check would race its
 * re-creation. Here one method, {@link #claim}, decides from the znode's Stat every time: absent, it is
 * created; owned by our current session, it is ours (its data put back if someone changed it); owned by
 * the session this registration held before (expired, not yet reaped by the server) or persistent (a
 * tool's leftover), no live process holds it, so it is deleted and created again; owned by any other
 * session, it belongs to another process. It runs at start, on CONNECTED and RECONNECTED, whenever the
 * znode changes (a watch), and on a bounded backoff after a failure.
 *
 * <p>A foreign owner at start may still be a previous run of this very node that crashed, whose session
 * the server expires only after the session timeout; nothing in ZooKeeper tells the two apart, so start
 * waits up to {@code claimWait} (by default the negotiated session timeout plus 2 s) for that znode to
 * vanish, then refuses with {@link DirectoryException.AlreadyExists}. Once registered, a foreign owner is
 * a process that took the name while we were away: it is left alone and the status becomes
 * {@link RegistrationStatus#LOST_CLAIM}, for good.
 *
 * <p>The load figure is written at most once a second by the clock ({@link RegistrationLoad}), only when it
 * changed, and only while the current session is the one that created the znode: setData ignores the
 * ephemeral owner, so after a lost session an unconditional write would land on another process's
 * registration. The write is also checked against the version of our last write, and its resulting
 * Stat's owner is checked, so that a znode deleted and re-created by someone else is not taken over.
 *
 * <p>Thread-safe. ZooKeeper work runs under one lock: on the caller's thread in start and close, on the
 * executor otherwise; {@link #updateLoad} never waits on ZooKeeper. ZooKeeper being away never throws out
 * of the registration: start then returns with status PENDING and the claim happens when ZooKeeper
 * answers. Listeners are called on the executor (a single-threaded one keeps them in order).
 */
public final class MemberRegistration implements Closeable {
  /** The lifecycle, changed by compare-and-set as in Curator's recipes. */
  public enum State { LATENT, STARTED, CLOSED }

  private static final Logger LOG = LoggerFactory.getLogger(MemberRegistration.class);
  /** Sessions expire on the server's ticks, a little after their timeout. */
  private static final Duration EXPIRY_SLACK = Duration.ofSeconds(2);
  private static final long FIRST_RETRY_MS = 500;
  private static final long LAST_RETRY_MS = 10_000;
  /** Looks at the znode per claim; each further look follows a change by someone else. */
  private static final int MAX_LOOKS = 10;

  private final WatcherRemoveCuratorFramework client;
  private final Transactions transactions;
  private final String path;
  private final Member member;
  private final ScheduledExecutorService executor;
  private final Duration claimWait;
  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private final List<RegistrationListener> listeners = new CopyOnWriteArrayList<>();
  private final ConnectionStateListener connectionListener = (c, newState) -> connectionChanged(newState);
  private final Watcher nodeWatcher = this::nodeChanged;
  private final RegistrationLoad load;
  private final RegistrationSignal changes = new RegistrationSignal();
  private final Object lock = new Object();

  private volatile RegistrationStatus status = RegistrationStatus.UNREGISTERED;
  private volatile long claimDeadline;
  // The rest is guarded by lock.
  private long ownedSession;
  private int writtenVersion = -1;
  private boolean everRegistered;
  private long lostTo;
  private long retryMs = FIRST_RETRY_MS;
  private ScheduledFuture<?> retry;

  /** A registration whose start waits the session timeout plus 2 s for a previous run's znode to expire. */
  public MemberRegistration(CuratorFramework client, DirectoryLayout layout, Member member, Clock clock,
      ScheduledExecutorService executor) {
    this(client, layout, member, clock, executor, null);
  }

  /**
   * A registration of {@code member} under {@code layout}; {@code executor} (the caller's, not shut down
   * here) runs its reactions and listeners; {@code claimWait} bounds how long start waits for a znode of
   * another session to vanish before refusing.
   */
  public MemberRegistration(CuratorFramework client, DirectoryLayout layout, Member member, Clock clock,
      ScheduledExecutorService executor, Duration claimWait) {
    this.client = Objects.requireNonNull(client, "a ZooKeeper client must be given").newWatcherRemoveCuratorFramework();
    this.member = Objects.requireNonNull(member, "the member to register must be given");
    this.path = layout.member(member.server());
    this.transactions = new Transactions(client, layout);
    this.executor = Objects.requireNonNull(executor, "an executor must be given");
    if (claimWait != null && claimWait.isNegative()) {
      throw new IllegalArgumentException("the claim wait must not be negative, not " + claimWait);
    }
    this.claimWait = claimWait;
    this.load = new RegistrationLoad(Objects.requireNonNull(clock, "a clock must be given"), executor, this::flush,
        member.queueLength());
  }

  /**
   * Claims the member znode, waiting for a previous run's to expire if one is there.
   *
   * @throws DirectoryException.AlreadyExists when another live process is registered as this server
   */
  public void start() {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("the registration of " + member.server() + " is " + state.get()
          + "; it starts once");
    }
    Duration wait = claimWait();
    claimDeadline = System.nanoTime() + wait.toNanos();
    // Before the first look, so that a connection change during start is not missed.
    client.getConnectionStateListenable().addListener(connectionListener, executor);
    setStatus(RegistrationStatus.PENDING);
    if (!client.getZookeeperClient().isConnected()) {
      LOG.warn("ZooKeeper is not connected: {} registers when it is", member.server());
      return;
    }
    boolean told = false;
    while (true) {
      long seen = changes.seen();
      long holder;
      try {
        synchronized (lock) {
          holder = transactions.call("register " + member.server() + " at " + path, this::claim);
        }
      } catch (DirectoryException.Unavailable e) {
        LOG.warn("{} registers when ZooKeeper answers: {}", member.server(), e.getMessage());
        scheduleRetry(FIRST_RETRY_MS);
        return;
      } catch (RuntimeException e) {
        close();
        throw e;
      }
      if (holder == 0) {
        return;
      }
      if (status == RegistrationStatus.LOST_CLAIM) {
        close();
        throw refusal(holder, " and it did not go away within " + wait.toSeconds() + " s");
      }
      if (!told) {
        told = true;
        LOG.warn("{} is held by session 0x{}: waiting up to {} s for it to expire, as a crashed previous run's"
            + " would", path, Long.toHexString(holder), wait.toSeconds());
      }
      if (!changes.await(seen, claimDeadline)) {
        close();
        throw new DirectoryException("interrupted while " + member.server() + " waited for " + path + " to expire");
      }
    }
  }

  /** Records the queue length; it reaches the znode within about a second, if it changed. */
  public void updateLoad(long queueLength) {
    if (queueLength < 0) {
      throw new IllegalArgumentException("the queue length of " + member.server() + " must not be negative, not "
          + queueLength);
    }
    load.record(queueLength);
    if (state.get() == State.STARTED) {
      load.schedule();
    }
  }

  public State state() {
    return state.get();
  }

  public RegistrationStatus status() {
    return status;
  }

  /** Whether our znode is in place under the current session, as far as this client knows. */
  public boolean isRegistered() {
    return status == RegistrationStatus.REGISTERED;
  }

  /** The member as it is to be registered: with the latest load figure. */
  public Member member() {
    return member.withQueueLength(load.desired());
  }

  /** The znode this registration claims. */
  public String path() {
    return path;
  }

  public void addListener(RegistrationListener listener) {
    listeners.add(Objects.requireNonNull(listener, "a listener must be given"));
  }

  public void removeListener(RegistrationListener listener) {
    listeners.remove(listener);
  }

  /**
   * Stops re-registering and deletes our znode if the current session owns it. Without ZooKeeper the
   * znode is left to go with the session. Idempotent.
   */
  @Override
  public void close() {
    if (!state.compareAndSet(State.STARTED, State.CLOSED)) {
      state.compareAndSet(State.LATENT, State.CLOSED);
      return;
    }
    client.getConnectionStateListenable().removeListener(connectionListener);
    synchronized (lock) {
      cancelRetry();
      try {
        if (ownedSession != 0 && status != RegistrationStatus.LOST_CLAIM && client.getZookeeperClient().isConnected()) {
          Stat stat = client.checkExists().forPath(path);
          if (stat != null && stat.getEphemeralOwner() == sessionId()) {
            client.delete().withVersion(stat.getVersion()).forPath(path);
          }
        }
      } catch (Exception e) {
        LOG.info("left {} to go with the session: {}", path, e.toString());
      } finally {
        client.removeWatchers();
      }
      setStatus(RegistrationStatus.UNREGISTERED);
    }
  }

  /** Makes the znode ours; returns 0, or the other session that holds it. Runs under the lock. */
  private long claim() throws Exception {
    if (status == RegistrationStatus.LOST_CLAIM) {
      return lostTo;
    }
    for (int look = 0; look < MAX_LOOKS; look++) {
      Stat stat = client.checkExists().usingWatcher(nodeWatcher).forPath(path);
      // Read after the look: if the session changed in between, our old session shows as a leftover.
      long session = sessionId();
      if (stat == null) {
        if (create()) {
          registered();
          return 0;
        }
      } else if (stat.getEphemeralOwner() == session) {
        ownedSession = session;
        if (stat.getVersion() != writtenVersion) {
          write(stat.getVersion());
        }
        registered();
        return 0;
      } else if (stat.getEphemeralOwner() == 0 || stat.getEphemeralOwner() == ownedSession) {
        deleteLeftover(stat);
      } else {
        return heldBy(stat.getEphemeralOwner());
      }
    }
    throw new DirectoryException.Conflict(path + " changed " + MAX_LOOKS + " times while " + member.server()
        + " was registering: is another process fighting over the name?");
  }

  private boolean create() throws Exception {
    long queue = load.desired();
    Stat stat = new Stat();
    try {
      client.create().storingStatIn(stat).creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
          .forPath(path, document(queue));
    } catch (KeeperException.NodeExistsException raced) {
      return false;
    }
    ownedSession = stat.getEphemeralOwner();
    wrote(stat.getVersion(), queue);
    return true;
  }

  private void write(int expectedVersion) throws Exception {
    long queue = load.desired();
    Stat stat = client.setData().withVersion(expectedVersion).forPath(path, document(queue));
    wrote(stat.getVersion(), queue);
    if (stat.getEphemeralOwner() != ownedSession) {
      // The session changed between our check and the write, and the znode was someone else's by then.
      LOG.error("{} was re-created by session 0x{} just before {} wrote it: that process's document now holds"
          + " ours until it writes again", path, Long.toHexString(stat.getEphemeralOwner()), member.server());
      heldBy(stat.getEphemeralOwner());
    }
  }

  private void wrote(int version, long queue) {
    writtenVersion = version;
    load.wrote(queue);
  }

  private void deleteLeftover(Stat stat) throws Exception {
    try {
      client.delete().withVersion(stat.getVersion()).forPath(path);
      LOG.info("replaced {} left by {} (session 0x{}), which no live process holds", path,
          stat.getEphemeralOwner() == 0 ? "a tool" : "this registration's expired session",
          Long.toHexString(stat.getEphemeralOwner()));
    } catch (KeeperException.NoNodeException | KeeperException.BadVersionException changed) {
      // Changed since the look: look again.
    }
  }

  private long heldBy(long holder) {
    if (everRegistered || System.nanoTime() - claimDeadline >= 0) {
      lostTo = holder;
      client.getConnectionStateListenable().removeListener(connectionListener);
      cancelRetry();
      setStatus(RegistrationStatus.LOST_CLAIM);
    } else {
      setStatus(RegistrationStatus.PENDING);
    }
    return holder;
  }

  private void registered() {
    everRegistered = true;
    retryMs = FIRST_RETRY_MS;
    setStatus(RegistrationStatus.REGISTERED);
    if (load.changed()) {
      load.schedule();
    }
  }

  /** A claim after start, on the executor. */
  private void reclaim() {
    synchronized (lock) {
      if (state.get() != State.STARTED || status == RegistrationStatus.LOST_CLAIM
          || !client.getZookeeperClient().isConnected()) {
        return; // Without a connection, CONNECTED or RECONNECTED brings us back.
      }
      try {
        long holder = transactions.call("re-register " + member.server() + " at " + path, this::claim);
        if (status == RegistrationStatus.LOST_CLAIM) {
          logLostClaim();
        } else if (status == RegistrationStatus.PENDING) {
          scheduleRetry(Math.max(1, TimeUnit.NANOSECONDS.toMillis(claimDeadline - System.nanoTime())));
        }
      } catch (RuntimeException e) {
        LOG.warn("could not re-register {}, again in {} ms: {}", member.server(), retryMs, e.getMessage());
        scheduleRetry(retryMs);
        retryMs = Math.min(2 * retryMs, LAST_RETRY_MS);
      }
    }
  }

  /** Writes the latest load figure if it changed and the last write is a second old. */
  private void flush() {
    synchronized (lock) {
      if (state.get() != State.STARTED || status != RegistrationStatus.REGISTERED || !load.changed()
          || !client.getZookeeperClient().isConnected()) {
        return; // The claim after a reconnection writes or schedules the figure.
      }
      if (!load.due()) {
        load.schedule();
        return;
      }
      try {
        if (sessionId() == ownedSession) {
          write(writtenVersion);
          if (status == RegistrationStatus.LOST_CLAIM) {
            logLostClaim();
          }
        } // Otherwise the session changed and the claim on RECONNECTED comes first.
      } catch (KeeperException.BadVersionException | KeeperException.NoNodeException changed) {
        execute(this::reclaim);
      } catch (Exception e) {
        LOG.warn("could not write the load of {}, again in a second: {}", member.server(), e.toString());
        load.schedule();
      }
    }
  }

  private void logLostClaim() {
    LOG.error("{}; this node no longer registers and must not carry on as {}", refusal(lostTo, "").getMessage(),
        member.server());
  }

  private void scheduleRetry(long delayMs) {
    synchronized (lock) {
      if (retry != null && !retry.isDone()) {
        return;
      }
      try {
        retry = executor.schedule(this::reclaim, delayMs, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopping) {
        LOG.debug("the executor of {}'s registration is shut down", member.server());
      }
    }
  }

  private void cancelRetry() {
    if (retry != null) {
      retry.cancel(false);
    }
  }

  private void connectionChanged(ConnectionState newState) {
    switch (newState) {
      case CONNECTED, RECONNECTED -> reclaim();
      case LOST -> {
        synchronized (lock) {
          if (status == RegistrationStatus.REGISTERED) {
            setStatus(RegistrationStatus.PENDING);
          }
        }
      }
      default -> {
        // SUSPENDED: the session may live on, and our znode with it; READ_ONLY is not used.
      }
    }
  }

  private void nodeChanged(WatchedEvent event) {
    if (event.getType() == Watcher.Event.EventType.None) {
      return; // Connection events come through the connection-state listener.
    }
    changes.signal();
    if (state.get() == State.STARTED) {
      execute(this::reclaim);
    }
  }

  private void setStatus(RegistrationStatus next) {
    synchronized (lock) {
      if (status == next) {
        return;
      }
      status = next;
    }
    for (RegistrationListener listener : listeners) {
      execute(() -> listener.statusChanged(next));
    }
  }

  private void execute(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException stopping) {
      LOG.debug("the executor of {}'s registration is shut down", member.server());
    }
  }

  /** The wait given, or the session timeout (negotiated if we were ever connected) plus a margin. */
  private Duration claimWait() {
    if (claimWait != null) {
      return claimWait;
    }
    int negotiated = client.getZookeeperClient().getLastNegotiatedSessionTimeoutMs();
    return (negotiated > 0 ? Duration.ofMillis(negotiated) : ZooKeeperClients.DEFAULT_SESSION_TIMEOUT).plus(EXPIRY_SLACK);
  }

  private long sessionId() throws Exception {
    return client.getZookeeperClient().getZooKeeper().getSessionId();
  }

  private byte[] document(long queue) {
    return DirectoryCodec.encode(RuntimeCodecs.MEMBER, member.withQueueLength(queue));
  }

  private DirectoryException.AlreadyExists refusal(long holder, String detail) {
    return new DirectoryException.AlreadyExists("another live process is registered as " + member.server()
        + " (session 0x" + Long.toHexString(holder) + " holds " + path + ")" + detail
        + "; stop it, or give this node another server.name");
  }
}
