package dev.sluice.directory.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.routing.model.Site;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryForever;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.apache.curator.test.TestingZooKeeperServer;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.junit.jupiter.api.Test;

/**
 * The live cache through ZooKeeper's faults: an ensemble member killed, the leader killed, the session
 * lost and a new one made.
 */
class DirectoryFaultsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static boolean hasSite(DirectoryCache cache, String name) {
    return cache.current().map(s -> s.config().sites().stream().anyMatch(x -> x.name().equals(name))).orElse(false);
  }

  @Test
  void theCacheFollowsWritesWhileMembersAndTheLeaderAreKilled() throws Exception {
    try (TestingCluster cluster = new TestingCluster(3)) {
      cluster.start();
      DirectoryLayout layout = DirectoryLayout.at("/sluice/ensemble");
      try (CuratorFramework writer = ZooKeeperSupport.client(cluster.getConnectString());
          CuratorFramework node = ZooKeeperSupport.client(cluster.getConnectString());
          DirectoryCache cache = new DirectoryCache(node, layout)) {
        ZooKeeperDirectory directory = new ZooKeeperDirectory(writer, layout);
        directory.create(ObjectKind.SITE, Site.of("Before"));
        cache.start();
        await().atMost(WAIT).until(() -> hasSite(cache, "Before"));

        InstanceSpec nodesServer = cluster.findConnectionInstance(node.getZookeeperClient().getZooKeeper());
        cluster.killServer(nodesServer);
        await().atMost(WAIT).ignoreExceptions().until(() -> {
          directory.create(ObjectKind.SITE, Site.of("After-Member"));
          return true;
        });
        await().atMost(WAIT).until(() -> hasSite(cache, "After-Member"));
        cluster.restartServer(nodesServer);

        TestingZooKeeperServer leader = leaderOf(cluster);
        leader.kill();
        await().atMost(WAIT).ignoreExceptions().until(() -> {
          directory.create(ObjectKind.SITE, Site.of("After-Leader"));
          return true;
        });
        await().atMost(WAIT).until(() -> hasSite(cache, "After-Leader"));
        assertThat(cache.current().orElseThrow().config().sites()).extracting(Site::name)
            .containsExactlyInAnyOrder("Before", "After-Member", "After-Leader");
      }
    }
  }

  /** The server that leads the ensemble, asked of each with ZooKeeper's {@code srvr} command. */
  private static TestingZooKeeperServer leaderOf(TestingCluster cluster) {
    return await().atMost(WAIT).ignoreExceptions().until(() -> {
      for (TestingZooKeeperServer s : cluster.getServers()) {
        String srvr = FourLetterWordMain.send4LetterWord("127.0.0.1", s.getInstanceSpec().getPort(), "srvr");
        if (srvr.contains("Mode: leader")) {
          return s;
        }
      }
      return null;
    }, java.util.Objects::nonNull);
  }

  @Test
  void aLostSessionMarksTheSnapshotStaleAndANewOneResyncs() throws Exception {
    File dataDir = Files.createTempDirectory("zk-stale").toFile();
    // A short tick lets the server grant a short session, so that losing it takes a second, not thirty.
    InstanceSpec spec = new InstanceSpec(dataDir, -1, -1, -1, true, -1, 100, -1);
    try (TestingServer server = new TestingServer(spec, true)) {
      DirectoryLayout layout = DirectoryLayout.at("/sluice/stale");
      CuratorFramework node = CuratorFrameworkFactory.builder()
          .connectString(server.getConnectString())
          .sessionTimeoutMs(1_000)
          .connectionTimeoutMs(1_000)
          .retryPolicy(new RetryForever(100))
          .build();
      node.start();
      List<DirectorySnapshot> seen = new CopyOnWriteArrayList<>();
      try (CuratorFramework writer = ZooKeeperSupport.client(server);
          DirectoryCache cache = new DirectoryCache(node, layout)) {
        ZooKeeperDirectory directory = new ZooKeeperDirectory(writer, layout);
        directory.create(ObjectKind.SITE, Site.of("Before"));
        cache.addListener(seen::add);
        cache.start();
        await().atMost(WAIT).until(() -> hasSite(cache, "Before"));

        server.stop();
        DirectorySnapshot stale = await().atMost(WAIT)
            .until(() -> cache.current().orElseThrow(), DirectorySnapshot::stale);
        assertThat(stale.config().sites()).extracting(Site::name).containsExactly("Before");

        server.restart();
        await().atMost(WAIT).ignoreExceptions().until(() -> {
          directory.create(ObjectKind.SITE, Site.of("After"));
          return true;
        });
        DirectorySnapshot fresh = await().atMost(WAIT)
            .until(() -> cache.current().orElseThrow(), s -> !s.stale() && hasSite(cache, "After"));
        assertThat(fresh.config().sites()).extracting(Site::name).containsExactlyInAnyOrder("Before", "After");
        assertThat(seen).anyMatch(DirectorySnapshot::stale);
      } finally {
        node.close();
      }
    }
  }
}
