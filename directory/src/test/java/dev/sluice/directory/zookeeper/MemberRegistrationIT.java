package dev.sluice.directory.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.directory.DirectoryException;
import dev.sluice.directory.Member;
import dev.sluice.directory.codec.DirectoryCodec;
import dev.sluice.directory.codec.RuntimeCodecs;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.routing.model.ServerRole;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registration against a real ZooKeeper server: claims, refusals, session expiry, load writes, outages. */
class MemberRegistrationIT {
  /** A short tick keeps session timeouts (2 to 20 ticks) and their expiry quick. */
  private static final int TICK_MS = 250;
  private static final Instant STARTED = Instant.parse("2026-12-01T10:00:00Z");
  private static TestingServer server;
  private static int rootNumber;

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private DirectoryLayout layout;
  private CuratorFramework client;
  private CuratorFramework other;

  @BeforeAll
  static void startServer() throws Exception {
    server = testingServer();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @BeforeEach
  void connect() throws Exception {
    layout = DirectoryLayout.at("/sluice/registration" + (++rootNumber));
    client = closing(ZooKeeperSupport.client(server));
    other = closing(ZooKeeperSupport.client(server));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  @Test
  void registersAnEphemeralZnodeOwnedByItsSessionHoldingTheMember() throws Exception {
    MemberRegistration registration = registration(client, member("HUB1", "10.0.0.1:25"), Clock.systemUTC());
    registration.start();

    assertThat(registration.isRegistered()).isTrue();
    assertThat(registration.state()).isEqualTo(MemberRegistration.State.STARTED);
    assertThat(registration.path()).isEqualTo(layout.member("HUB1"));
    Stat stat = new Stat();
    Member stored = read(client, "HUB1", stat);
    assertThat(stored).isEqualTo(member("HUB1", "10.0.0.1:25"));
    assertThat(stat.getEphemeralOwner()).isNotZero().isEqualTo(session(client));
  }

  @Test
  void refusesTheNameOfAnotherLiveSessionAndLeavesItsZnodeAlone() throws Exception {
    registration(client, member("HUB1", "10.0.0.1:25"), Clock.systemUTC()).start();
    Stat before = new Stat();
    Member first = read(client, "HUB1", before);

    MemberRegistration second = registration(other, member("HUB1", "10.0.0.2:25"), Clock.systemUTC());
    assertThatThrownBy(second::start)
        .isInstanceOf(DirectoryException.AlreadyExists.class)
        .hasMessageContaining("another live process is registered as HUB1")
        .hasMessageContaining("session 0x" + Long.toHexString(session(client)))
        .hasMessageContaining("server.name");

    assertThat(second.state()).isEqualTo(MemberRegistration.State.CLOSED);
    assertThat(second.status()).isEqualTo(RegistrationStatus.UNREGISTERED);
    Stat after = new Stat();
    assertThat(read(client, "HUB1", after)).isEqualTo(first);
    assertThat(after.getEphemeralOwner()).isEqualTo(before.getEphemeralOwner());
    assertThat(after.getMzxid()).isEqualTo(before.getMzxid());
  }

  @Test
  void comesBackUnderTheNewSessionAfterItsSessionExpires() throws Exception {
    MemberRegistration registration = registration(client, member("HUB1", "10.0.0.1:25"), Clock.systemUTC());
    registration.start();
    List<RegistrationStatus> heard = new CopyOnWriteArrayList<>();
    registration.addListener(heard::add);
    long oldSession = session(client);

    // The client gives up its session; the server keeps it, and our znode, until the session times out.
    KillSession.kill(client.getZookeeperClient().getZooKeeper());

    await().ignoreExceptions().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      Stat stat = new Stat();
      assertThat(read(other, "HUB1", stat)).isEqualTo(member("HUB1", "10.0.0.1:25"));
      assertThat(stat.getEphemeralOwner()).isNotEqualTo(oldSession).isEqualTo(session(client));
      assertThat(registration.isRegistered()).isTrue();
      assertThat(heard).containsSubsequence(RegistrationStatus.PENDING, RegistrationStatus.REGISTERED);
    });
  }

  @Test
  void leavesTheNameToAProcessThatTookItMeanwhileAndReportsTheLostClaim() throws Exception {
    ScheduledExecutorService held = executor();
    MemberRegistration first = closing(new MemberRegistration(client, layout, member("HUB1", "10.0.0.1:25"),
        Clock.systemUTC(), held, Duration.ofSeconds(1)));
    List<RegistrationStatus> heard = new CopyOnWriteArrayList<>();
    first.addListener(heard::add);
    first.start();

    // Hold the first registration's reactions while its session ends and another process takes the name.
    CountDownLatch release = new CountDownLatch(1);
    held.execute(() -> awaitQuietly(release));
    expireOnServer(client);
    await().atMost(Duration.ofSeconds(10)).until(() -> other.checkExists().forPath(layout.member("HUB1")) == null);
    MemberRegistration second = registration(other, member("HUB1", "10.0.0.2:25"), Clock.systemUTC());
    second.start();
    Stat taken = new Stat();
    read(other, "HUB1", taken);
    release.countDown();

    await().ignoreExceptions().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      assertThat(first.status()).isEqualTo(RegistrationStatus.LOST_CLAIM);
      assertThat(heard).contains(RegistrationStatus.LOST_CLAIM);
    });
    first.updateLoad(99);
    first.close();
    Stat after = new Stat();
    assertThat(read(other, "HUB1", after)).isEqualTo(member("HUB1", "10.0.0.2:25"));
    assertThat(after.getEphemeralOwner()).isEqualTo(session(other));
    assertThat(after.getMzxid()).isEqualTo(taken.getMzxid());
    assertThat(second.isRegistered()).isTrue();
  }

  @Test
  void waitsForAPreviousRunsZnodeToExpireAndThenReplacesIt() throws Exception {
    client.create().creatingParentsIfNeeded().forPath(layout.members());
    ZooKeeper previousRun = new ZooKeeper(server.getConnectString(), 4 * TICK_MS, event -> { });
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> previousRun.getState().isConnected());
      Member stale = new Member("HUB1", ServerRole.HUB, "Site-A", "10.0.0.9:25", "", "0.9", STARTED.minusSeconds(60), 3);
      previousRun.create(layout.member("HUB1"), DirectoryCodec.encode(RuntimeCodecs.MEMBER, stale),
          ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
      // The previous run dies without closing its session: the server expires it after its timeout.
      KillSession.kill(previousRun);

      MemberRegistration registration = closing(new MemberRegistration(client, layout,
          member("HUB1", "10.0.0.1:25"), Clock.systemUTC(), executor(), Duration.ofSeconds(20)));
      registration.start();

      assertThat(registration.isRegistered()).isTrue();
      Stat stat = new Stat();
      assertThat(read(client, "HUB1", stat)).isEqualTo(member("HUB1", "10.0.0.1:25"));
      assertThat(stat.getEphemeralOwner()).isEqualTo(session(client));
    } finally {
      previousRun.close();
    }
  }

  @Test
  void replacesAPersistentLeftover() throws Exception {
    client.create().creatingParentsIfNeeded().forPath(layout.member("HUB1"), "left by a tool".getBytes());

    registration(client, member("HUB1", "10.0.0.1:25"), Clock.systemUTC()).start();

    Stat stat = new Stat();
    assertThat(read(client, "HUB1", stat)).isEqualTo(member("HUB1", "10.0.0.1:25"));
    assertThat(stat.getEphemeralOwner()).isEqualTo(session(client));
  }

  @Test
  void writesTheLoadAtMostOnceASecondAndOnlyWhenItChanged() throws Exception {
    MutableClock clock = new MutableClock(STARTED);
    MemberRegistration registration = registration(client, member("HUB1", "10.0.0.1:25"), clock);
    registration.start();
    String path = layout.member("HUB1");

    for (int i = 1; i <= 100; i++) {
      registration.updateLoad(i);
    }
    // The create was the write of this second: nothing more until the clock moves.
    await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
        .until(() -> client.checkExists().forPath(path).getVersion() == 0);
    clock.advance(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      Stat stat = new Stat();
      assertThat(read(client, "HUB1", stat).queueLength()).isEqualTo(100);
      assertThat(stat.getVersion()).isEqualTo(1);
    });

    for (int i = 101; i <= 200; i++) {
      registration.updateLoad(i);
    }
    await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
        .until(() -> client.checkExists().forPath(path).getVersion() == 1);
    clock.advance(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> read(client, "HUB1", new Stat()).queueLength() == 200);

    registration.updateLoad(200);
    clock.advance(Duration.ofSeconds(5));
    await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
        .until(() -> client.checkExists().forPath(path).getVersion() == 2);
    assertThat(registration.member().queueLength()).isEqualTo(200);
  }

  @Test
  void survivesZooKeeperGoingAwayAndComingBack() throws Exception {
    TestingServer own = closing(testingServer());
    CuratorFramework ownClient = closing(ZooKeeperSupport.client(own));
    MemberRegistration first = registration(ownClient, member("HUB1", "10.0.0.1:25"), Clock.systemUTC());
    first.start();

    own.stop();
    await().atMost(Duration.ofSeconds(10)).until(() -> !ownClient.getZookeeperClient().isConnected());
    MemberRegistration second = registration(ownClient, member("HUB2", "10.0.0.2:25"), Clock.systemUTC());
    assertThatCode(() -> {
      first.updateLoad(7);
      second.start();
      second.updateLoad(8);
    }).doesNotThrowAnyException();
    assertThat(second.status()).isEqualTo(RegistrationStatus.PENDING);

    own.restart();
    await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      for (MemberRegistration registration : List.of(first, second)) {
        Stat stat = new Stat();
        Member stored = read(ownClient, registration.member().server(), stat);
        assertThat(stored).isEqualTo(registration.member());
        assertThat(stat.getEphemeralOwner()).isEqualTo(session(ownClient));
        assertThat(registration.isRegistered()).isTrue();
      }
    });
    assertThat(first.member().queueLength()).isEqualTo(7);
  }

  @Test
  void closeRemovesTheZnodeAndMayBeCalledTwice() throws Exception {
    MemberRegistration registration = registration(client, member("HUB1", "10.0.0.1:25"), Clock.systemUTC());
    registration.start();

    registration.close();

    assertThat(client.checkExists().forPath(layout.member("HUB1"))).isNull();
    assertThat(registration.state()).isEqualTo(MemberRegistration.State.CLOSED);
    assertThat(registration.status()).isEqualTo(RegistrationStatus.UNREGISTERED);
    assertThatCode(registration::close).doesNotThrowAnyException();
    assertThatThrownBy(registration::start).isInstanceOf(IllegalStateException.class);
  }

  private MemberRegistration registration(CuratorFramework zk, Member member, Clock clock) {
    return closing(new MemberRegistration(zk, layout, member, clock, executor(), Duration.ofSeconds(1)));
  }

  private ScheduledExecutorService executor() {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "registration"));
    toClose.add(executor::shutdownNow);
    return executor;
  }

  private <T extends AutoCloseable> T closing(T closeable) {
    toClose.add(closeable);
    return closeable;
  }

  private static Member member(String server, String smtp) {
    return new Member(server, ServerRole.HUB, "Site-A", smtp, "127.0.0.1:8025", "1.0.0", STARTED, 0);
  }

  private Member read(CuratorFramework zk, String server, Stat stat) throws Exception {
    String path = layout.member(server);
    return DirectoryCodec.decode(RuntimeCodecs.MEMBER, path, zk.getData().storingStatIn(stat).forPath(path));
  }

  private static long session(CuratorFramework zk) throws Exception {
    return zk.getZookeeperClient().getZooKeeper().getSessionId();
  }

  /** Ends the session of {@code zk} on the server, as its expiry does: its ephemeral znodes go at once. */
  private static void expireOnServer(CuratorFramework zk) throws Exception {
    ZooKeeper current = zk.getZookeeperClient().getZooKeeper();
    ZooKeeper twin = new ZooKeeper(server.getConnectString(), 4 * TICK_MS, event -> { },
        current.getSessionId(), current.getSessionPasswd());
    await().atMost(Duration.ofSeconds(10)).until(() -> twin.getState().isConnected());
    twin.close();
  }

  private static TestingServer testingServer() throws Exception {
    InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, TICK_MS, -1);
    return new TestingServer(spec, true);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    MutableClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
