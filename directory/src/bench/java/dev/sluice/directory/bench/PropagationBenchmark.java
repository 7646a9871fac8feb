package dev.sluice.directory.bench;

import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.directory.zookeeper.DirectoryCache;
import dev.sluice.directory.zookeeper.ZooKeeperClients;
import dev.sluice.directory.zookeeper.ZooKeeperDirectory;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.TransportServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.curator.framework.CuratorFramework;

/**
 * How long a write takes to reach the snapshot of every watching node: 1,000 writes of a Send connector
 * through the validating writer, watched by 5 caches on their own ZooKeeper clients, on loopback.
 *
 * <p>Prints the distribution of the time from the start of each write to its arrival in each cache's
 * published snapshot (5,000 samples), and of the writes themselves. Run: see the README.
 */
public final class PropagationBenchmark {
  private static final int WRITES = 1_000;
  private static final int WATCHERS = 5;

  public static void main(String[] args) throws Exception {
    try (BenchZooKeeper zk = BenchZooKeeper.start()) {
      run(zk.connectString());
    }
  }

  static void run(String connect) throws Exception {
    DirectoryLayout layout = DirectoryLayout.at("/sluice/propagation");
    Duration session = Duration.ofSeconds(30);
    Duration connectWait = Duration.ofSeconds(20);
    List<CuratorFramework> clients = new ArrayList<>();
    List<DirectoryCache> caches = new ArrayList<>();
    try (CuratorFramework writerClient = ZooKeeperClients.connect(connect, session, connectWait)) {
      ZooKeeperDirectory writer = new ZooKeeperDirectory(writerClient, layout);
      writer.create(ObjectKind.SITE, Site.of("Site-A"));
      writer.create(ObjectKind.SERVER, TransportServer.hub("HUB1", "Site-A"));
      SendConnector connector = SendConnector.builder("Probe").addressSpaces("probe.example").sourceTransportServers("HUB1")
          .comment("0").build();
      writer.create(ObjectKind.SEND_CONNECTOR, connector);

      long[] started = new long[WRITES + 1];
      long[] acknowledged = new long[WRITES + 1];
      AtomicLongArray seen = new AtomicLongArray((WRITES + 1) * WATCHERS);
      for (int w = 0; w < WATCHERS; w++) {
        CuratorFramework client = ZooKeeperClients.connect(connect, session, connectWait);
        clients.add(client);
        DirectoryCache cache = new DirectoryCache(client, layout);
        int watcher = w;
        cache.addListener(snapshot -> record(snapshot, watcher, seen));
        cache.start();
        caches.add(cache);
      }
      for (DirectoryCache cache : caches) {
        awaitSeq(cache, 0);
      }
      double[] writeMillis = new double[WRITES];
      int version = writer.get(ObjectKind.SEND_CONNECTOR, "Probe").orElseThrow().version();
      for (int i = 1; i <= WRITES; i++) {
        started[i] = System.nanoTime();
        version = writer.update(ObjectKind.SEND_CONNECTOR, connector.toBuilder().comment(Integer.toString(i)).build(),
            version).version();
        acknowledged[i] = System.nanoTime();
        writeMillis[i - 1] = (acknowledged[i] - started[i]) / 1e6;
      }
      for (DirectoryCache cache : caches) {
        awaitSeq(cache, WRITES);
      }
      double[] propagation = new double[WRITES * WATCHERS];
      double[] afterAck = new double[WRITES * WATCHERS];
      int n = 0;
      int missed = 0;
      for (int i = 1; i <= WRITES; i++) {
        for (int w = 0; w < WATCHERS; w++) {
          long at = firstAtOrAfter(seen, i, w);
          if (at == 0) {
            missed++;
            continue;
          }
          afterAck[n] = Math.max(0, at - acknowledged[i]) / 1e6;
          propagation[n++] = (at - started[i]) / 1e6;
        }
      }
      System.out.println("Directory propagation, " + WRITES + " writes of a Send connector, " + WATCHERS
          + " watching caches, loopback, coalescing " + DirectoryCache.DEFAULT_COALESCING.toMillis() + " ms");
      System.out.println("  write (read /config, validate, transaction): " + Percentiles.describe(writeMillis));
      System.out.println("  write start to snapshot in each cache:       "
          + Percentiles.describe(java.util.Arrays.copyOf(propagation, n)));
      System.out.println("  write acknowledged to snapshot (0 if seen first): "
          + Percentiles.describe(java.util.Arrays.copyOf(afterAck, n)));
      System.out.println("  samples never seen: " + missed + " (a coalesced burst can skip a comment; the later one counts)");
    } finally {
      caches.forEach(DirectoryCache::close);
      clients.forEach(CuratorFramework::close);
    }
  }

  private static void record(DirectorySnapshot snapshot, int watcher, AtomicLongArray seen) {
    long now = System.nanoTime();
    snapshot.config().sendConnectors().stream().filter(c -> c.name().equals("Probe")).findFirst().ifPresent(c -> {
      int seq = Integer.parseInt(c.comment());
      seen.compareAndSet(seq * WATCHERS + watcher, 0, now);
    });
  }

  /** The time watcher {@code w} first saw write {@code i} or a later one (a coalesced snapshot may skip i). */
  private static long firstAtOrAfter(AtomicLongArray seen, int i, int w) {
    for (int j = i; j <= WRITES; j++) {
      long at = seen.get(j * WATCHERS + w);
      if (at != 0) {
        return at;
      }
    }
    return 0;
  }

  private static void awaitSeq(DirectoryCache cache, int seq) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      boolean there = cache.current().map(s -> s.config().sendConnectors().stream()
          .anyMatch(c -> c.name().equals("Probe") && Integer.parseInt(c.comment()) >= seq)).orElse(false);
      if (there) {
        return;
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("a cache did not see write " + seq + " within 60 s");
  }
}
