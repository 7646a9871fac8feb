package dev.sluice.directory.bench;

import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.codec.DirectoryCodec;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.directory.zookeeper.DirectoryCache;
import dev.sluice.directory.zookeeper.ZooKeeperClients;
import dev.sluice.directory.zookeeper.ZooKeeperDirectory;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;

/**
 * The size target: a directory of 1,000 sites, 10,000 servers and 10,000 Send connectors loads into a
 * snapshot in under 5 s and is held in under 256 MiB of heap.
 *
 * <p>Writes the directory straight into a ZooKeeper of its own process (pipelined creates of documents
 * the codecs made), then times a fresh cache from start to its first snapshot, and measures the heap this
 * process holds after a full GC with the cache running, against the heap before the cache started.
 * Also prints the largest document. Run: see the README.
 */
public final class DirectorySizeBenchmark {
  static final int SITES = 1_000;
  static final int SERVERS_PER_SITE = 10;
  static final int CONNECTORS = 10_000;
  static final int SPACES_PER_CONNECTOR = 5;

  public static void main(String[] args) throws Exception {
    try (BenchZooKeeper zk = BenchZooKeeper.start()) {
      DirectoryLayout layout = DirectoryLayout.at("/sluice/large");
      int largest;
      try (CuratorFramework writer = ZooKeeperClients.connect(zk.connectString(), Duration.ofSeconds(60), Duration.ofSeconds(20))) {
        new ZooKeeperDirectory(writer, layout).ensureLayout();
        largest = populate(writer, layout);
      }
      try (CuratorFramework reader = ZooKeeperClients.connect(zk.connectString(), Duration.ofSeconds(60), Duration.ofSeconds(20))) {
        long t0 = System.nanoTime();
        int connectors = new ZooKeeperDirectory(reader, layout).readConfig().sendConnectors().size();
        System.out.printf(Locale.ROOT, "  the writer's pipelined read of /config (%d connectors): %.2f s%n", connectors,
            (System.nanoTime() - t0) / 1e9);
      }
      long before = usedHeapAfterGc();
      long start = System.nanoTime();
      CuratorFramework client = ZooKeeperClients.connect(zk.connectString(), Duration.ofSeconds(60), Duration.ofSeconds(20));
      DirectoryCache cache = new DirectoryCache(client, layout);
      AtomicReference<DirectorySnapshot> first = new AtomicReference<>();
      CountDownLatch loaded = new CountDownLatch(1);
      cache.addListener(s -> {
        if (first.compareAndSet(null, s)) {
          loaded.countDown();
        }
      });
      cache.start();
      if (!loaded.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no snapshot within 120 s");
      }
      double loadSeconds = (System.nanoTime() - start) / 1e9;
      DirectorySnapshot snapshot = first.get();
      long held = usedHeapAfterGc() - before;
      System.out.printf(Locale.ROOT, "Directory size: %d sites, %d servers, %d Send connectors (%d address spaces)%n",
          snapshot.config().sites().size(), snapshot.config().servers().size(), snapshot.config().sendConnectors().size(),
          snapshot.config().sendConnectors().stream().mapToInt(c -> c.addressSpaces().size()).sum());
      System.out.printf(Locale.ROOT, "  cache start to first snapshot: %.2f s (target < 5 s); invalid objects: %d%n",
          loadSeconds, snapshot.invalid().size());
      System.out.printf(Locale.ROOT, "  heap held by the client, its cache and the snapshot after GC: %.1f MiB (target < 256 MiB)%n",
          held / 1048576.0);
      System.out.printf(Locale.ROOT, "  largest document: %d bytes (ZooKeeper's limit is 1 MiB)%n", largest);
      cache.close();
      client.close();
    }
  }

  /** Writes the organization with pipelined creates; returns the size of the largest document. */
  private static int populate(CuratorFramework client, DirectoryLayout layout) throws Exception {
    List<String> paths = new ArrayList<>();
    List<byte[]> documents = new ArrayList<>();
    for (int s = 0; s < SITES; s++) {
      add(paths, documents, layout, ObjectKind.SITE, new Site(site(s), s % 50 == 0));
      if (s > 0) {
        add(paths, documents, layout, ObjectKind.SITE_LINK, SiteLink.of("link-" + s, 1 + s % 20, site(s - 1), site(s)));
      }
      if (s >= 10 && s % 10 == 0) {
        add(paths, documents, layout, ObjectKind.SITE_LINK, SiteLink.of("cross-" + s, 50, site(s - 10), site(s)));
      }
      for (int h = 0; h < SERVERS_PER_SITE; h++) {
        add(paths, documents, layout, ObjectKind.SERVER, TransportServer.hub(server(s, h), site(s)));
      }
    }
    for (int c = 0; c < CONNECTORS; c++) {
      StringBuilder spaces = new StringBuilder();
      for (int k = 0; k < SPACES_PER_CONNECTOR; k++) {
        spaces.append(k == 0 ? "" : ",").append(k % 2 == 0 ? "" : "*.").append("d").append(c).append("-").append(k)
            .append(".example.com;").append(1 + (c + k) % 10);
      }
      int site = c % SITES;
      add(paths, documents, layout, ObjectKind.SEND_CONNECTOR, SendConnector.builder("connector-" + c)
          .addressSpaces(spaces.toString())
          .sourceTransportServers(server(site, c % SERVERS_PER_SITE), server(site, (c + 1) % SERVERS_PER_SITE))
          .build());
    }
    int largest = 0;
    AtomicInteger failures = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(paths.size());
    for (int i = 0; i < paths.size(); i++) {
      largest = Math.max(largest, documents.get(i).length);
      client.create().inBackground((c, event) -> {
        if (event.getResultCode() != 0) {
          failures.incrementAndGet();
        }
        done.countDown();
      }).forPath(paths.get(i), documents.get(i));
    }
    if (!done.await(300, TimeUnit.SECONDS) || failures.get() > 0) {
      throw new IllegalStateException("populating failed: " + failures.get() + " creates refused");
    }
    return largest;
  }

  private static <T> void add(List<String> paths, List<byte[]> documents, DirectoryLayout layout, ObjectKind<T> kind, T object) {
    paths.add(kind.path(layout, kind.identity(object)));
    documents.add(DirectoryCodec.encode(kind.codec(), object));
  }

  private static String site(int s) {
    return "site-" + s;
  }

  private static String server(int s, int h) {
    return "hub-" + s + "-" + h;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
