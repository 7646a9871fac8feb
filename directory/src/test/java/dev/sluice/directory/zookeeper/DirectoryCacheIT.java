package dev.sluice.directory.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.Member;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.codec.DirectoryCodec;
import dev.sluice.directory.codec.RuntimeCodecs;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.TransportServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live cache against a real ZooKeeper server: loads, changes, bad documents, liveness, and its reads
 * racing the events (a delete right after a create, a burst of updates, creates during the initial load).
 */
class DirectoryCacheIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static TestingServer server;
  private static int rootNumber;
  private CuratorFramework writerClient;
  private CuratorFramework nodeClient;
  private ZooKeeperDirectory directory;
  private DirectoryCache cache;
  private final List<DirectorySnapshot> published = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    server = new TestingServer(true);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @BeforeEach
  void connect() throws Exception {
    writerClient = ZooKeeperSupport.client(server);
    nodeClient = ZooKeeperSupport.client(server);
    DirectoryLayout layout = DirectoryLayout.at("/sluice/cache" + (++rootNumber));
    directory = new ZooKeeperDirectory(writerClient, layout);
    directory.ensureLayout();
    directory.create(ObjectKind.SITE, Site.of("Site-A"));
    directory.create(ObjectKind.SERVER, TransportServer.hub("HUB1", "Site-A"));
    cache = new DirectoryCache(nodeClient, layout);
  }

  @AfterEach
  void close() {
    cache.close();
    writerClient.close();
    nodeClient.close();
  }

  private DirectorySnapshot startAndAwaitFirst() {
    cache.addListener(published::add);
    cache.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> !published.isEmpty());
    return published.get(0);
  }

  private DirectorySnapshot awaitSnapshot(java.util.function.Predicate<DirectorySnapshot> condition) {
    await().atMost(Duration.ofSeconds(20)).until(() -> cache.current().filter(condition).isPresent());
    return cache.current().orElseThrow();
  }

  private static SendConnector connector(String name, String space) {
    return SendConnector.builder(name).addressSpaces(space).sourceTransportServers("HUB1").build();
  }

  @Test
  void theInitialLoadPublishesOneSnapshot() {
    for (int i = 0; i < 60; i++) {
      directory.create(ObjectKind.SITE, Site.of("Extra-" + i));
    }
    DirectorySnapshot first = startAndAwaitFirst();
    assertThat(first.sequence()).isEqualTo(1);
    assertThat(first.config().sites()).hasSize(61);
    assertThat(first.config().servers()).extracting(TransportServer::name).containsExactly("HUB1");
    assertThat(first.stale()).isFalse();
    assertThat(published).hasSize(1);
  }

  @Test
  void aWriteReachesTheSnapshotWithItsZxid() throws Exception {
    startAndAwaitFirst();
    directory.create(ObjectKind.SEND_CONNECTOR, connector("Contoso", "*.contoso.com"));
    long writeZxid = writerClient.checkExists().forPath(directory.layout().config()).getMzxid();
    DirectorySnapshot seen = awaitSnapshot(s -> !s.config().sendConnectors().isEmpty());
    assertThat(seen.zxid()).isGreaterThanOrEqualTo(writeZxid);
    assertThat(seen.config().sendConnectors()).extracting(SendConnector::name).containsExactly("Contoso");
  }

  @Test
  void aLivenessChangeKeepsTheConfiguration() throws Exception {
    DirectorySnapshot first = startAndAwaitFirst();
    Member member = new Member("HUB1", ServerRole.HUB, "Site-A", "127.0.0.1:2525", "", "test", Instant.EPOCH, 3);
    writerClient.create().withMode(CreateMode.EPHEMERAL)
        .forPath(directory.layout().member("HUB1"), DirectoryCodec.encode(RuntimeCodecs.MEMBER, member));
    DirectorySnapshot live = awaitSnapshot(s -> s.member("hub1").isPresent());
    assertThat(live.sameConfigAs(first)).isTrue();
    assertThat(live.liveness().isLive("HUB1")).isTrue();
    assertThat(live.liveness().queueLength("HUB1")).hasValue(3);
  }

  @Test
  void aBrokenConnectorKeepsItsLastValidVersion() throws Exception {
    directory.create(ObjectKind.SEND_CONNECTOR, connector("Contoso", "*.contoso.com"));
    startAndAwaitFirst();
    String path = ObjectKind.SEND_CONNECTOR.path(directory.layout(), "Contoso");
    writerClient.setData().forPath(path, "{\"schemaVersion\":1,\"name\":\"Contoso\",\"addressSpaces\":[\"*contoso.com\"]}"
        .getBytes(StandardCharsets.UTF_8));
    DirectorySnapshot after = awaitSnapshot(s -> !s.invalid().isEmpty());
    assertThat(after.config().sendConnectors()).extracting(c -> c.addressSpaces().get(0).toString())
        .containsExactly("SMTP:*.contoso.com;1");
    assertThat(after.invalid()).singleElement().satisfies(i -> {
      assertThat(i.path()).isEqualTo(path);
      assertThat(i.keptLastValid()).isTrue();
      assertThat(i.reason()).contains("addressSpaces[0]");
    });
    assertThat(cache.invalidDocumentsSeen()).isEqualTo(1);
  }

  @Test
  void anObjectNeverValidIsLeftOut() throws Exception {
    startAndAwaitFirst();
    String path = directory.layout().sendConnectors() + "/ghost";
    writerClient.create().forPath(path, DirectoryCodec.encode(ObjectKind.SEND_CONNECTOR.codec(),
        SendConnector.builder("Ghost").addressSpaces("*").sourceTransportServers("HUB9").build()));
    DirectorySnapshot after = awaitSnapshot(s -> !s.invalid().isEmpty());
    assertThat(after.config().sendConnectors()).isEmpty();
    assertThat(after.invalid()).singleElement().satisfies(i -> {
      assertThat(i.keptLastValid()).isFalse();
      assertThat(i.reason()).contains("HUB9");
    });

    writerClient.delete().forPath(path);
    assertThat(awaitSnapshot(s -> s.invalid().isEmpty()).config().sendConnectors()).isEmpty();
  }

  // Where the cache's reads race ZooKeeper's events.

  private boolean hasSite(String name) {
    return cache.current().map(s -> s.config().sites().stream().anyMatch(x -> x.name().equals(name))).orElse(false);
  }

  /** Creates a marker site and waits for it: every change written before it has reached the cache. */
  private DirectorySnapshot barrier(String marker) {
    directory.create(ObjectKind.SITE, Site.of(marker));
    await().atMost(WAIT).until(() -> hasSite(marker));
    return cache.current().orElseThrow();
  }

  private byte[] siteDocument(String name, boolean hub) {
    return DirectoryCodec.encode(ObjectKind.SITE.codec(), new Site(name, hub));
  }

  /** Runs {@code count} background writes made by {@code write} and waits for all of them. */
  private void pipelined(int count, Write write) throws Exception {
    AtomicInteger failures = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(count);
    for (int i = 0; i < count; i++) {
      write.send(i, (c, event) -> {
        if (event.getResultCode() != 0) {
          failures.incrementAndGet();
        }
        done.countDown();
      });
    }
    assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(failures).hasValue(0);
  }

  private interface Write {
    void send(int i, org.apache.curator.framework.api.BackgroundCallback callback) throws Exception;
  }

  @Test
  void aZnodeDeletedRightAfterItsCreateIsNotInTheSnapshot() throws Exception {
    cache.start();
    barrier("Start");
    String path = ObjectKind.SITE.path(directory.layout(), "Fleeting");
    for (int round = 0; round < 20; round++) {
      writerClient.create().forPath(path, siteDocument("Fleeting", false));
      writerClient.delete().forPath(path);
    }
    DirectorySnapshot after = barrier("After");
    assertThat(after.config().sites()).extracting(Site::name).containsExactlyInAnyOrder("Site-A", "Start", "After");
  }

  @Test
  void manyQuickUpdatesOfOneZnodeEndInTheLastValue() throws Exception {
    String path = ObjectKind.SEND_CONNECTOR.path(directory.layout(), "Busy");
    directory.create(ObjectKind.SEND_CONNECTOR, connector(0));
    cache.start();
    barrier("Start");
    int updates = 200;
    pipelined(updates, (i, callback) -> writerClient.setData().inBackground(callback)
        .forPath(path, DirectoryCodec.encode(ObjectKind.SEND_CONNECTOR.codec(), connector(i + 1))));
    await().atMost(WAIT).until(() -> spaceOfBusy().equals("SMTP:*.v" + updates + ".example.com;1"));
    barrier("After");
    assertThat(spaceOfBusy()).isEqualTo("SMTP:*.v" + updates + ".example.com;1");
  }

  private static SendConnector connector(int version) {
    return SendConnector.builder("Busy").addressSpaces("*.v" + version + ".example.com").sourceTransportServers("HUB1").build();
  }

  private String spaceOfBusy() {
    return cache.current().orElseThrow().config().sendConnectors().get(0).addressSpaces().get(0).toString();
  }

  @Test
  void znodesCreatedWhileTheInitialLoadRunsAppear() throws Exception {
    int existing = 3_000;
    pipelined(existing, (i, callback) -> writerClient.create().inBackground(callback)
        .forPath(ObjectKind.SITE.path(directory.layout(), "Old-" + i), siteDocument("Old-" + i, false)));
    cache.start();
    int created = 300;
    pipelined(created, (i, callback) -> writerClient.create().inBackground(callback)
        .forPath(ObjectKind.SITE.path(directory.layout(), "New-" + i), siteDocument("New-" + i, false)));
    await().atMost(WAIT).until(() -> cache.current().map(s -> s.config().sites().size()).orElse(0) == 1 + existing + created);
    DirectorySnapshot after = barrier("After");
    assertThat(after.config().sites()).hasSize(1 + existing + created + 1)
        .extracting(Site::name).contains("Old-0", "Old-" + (existing - 1), "New-0", "New-" + (created - 1));
  }
}
