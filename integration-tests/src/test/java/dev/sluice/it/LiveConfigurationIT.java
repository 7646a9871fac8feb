package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.ObjectKind;
import dev.sluice.node.config.NodeConfig;
import dev.sluice.node.delivery.ScriptedSmtpServer;
import dev.sluice.node.lifecycle.TransportNode;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.ServerRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, point 5: a Send connector created, changed, disabled or removed in the directory changes routing on
 * every node within a second, with no restart, and a message in flight finishes where it was going. Three hubs
 * in one site on a three-server ensemble, two scripted smart hosts. The figures are printed: from the directory
 * write to each node's snapshot holding it, and to the first message that goes the new way.
 */
class LiveConfigurationIT {
  private static final String DOMAIN = "live.example";
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration WITHIN = Duration.ofSeconds(1);

  @TempDir Path data;
  private Ensemble ensemble;
  private Cluster cluster;
  private MailLoad load;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final Map<String, TransportNode> nodes = new LinkedHashMap<>();
  private final List<NodeConfig> configs = new ArrayList<>();

  @BeforeEach
  void cluster() throws Exception {
    ensemble = new Ensemble();
    cluster = new Cluster(ensemble.connectString(), data, SESSION_TIMEOUT);
    load = new MailLoad();
    for (int i = 1; i <= 3; i++) {
      NodeConfig config = cluster.config("H" + i, ServerRole.HUB, NodeConfig.DEFAULT_SITE, "127.0.1.2" + i);
      configs.add(config);
      nodes.put("H" + i, cluster.start(config));
    }
    Routes.acceptRelayDomain(cluster.directory(), DOMAIN);
  }

  @AfterEach
  void close() throws Exception {
    load.close();
    cluster.close();
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    ensemble.close();
  }

  private ScriptedSmtpServer smartHost(String address) throws Exception {
    ScriptedSmtpServer server = new ScriptedSmtpServer(address);
    open.add(server);
    return server;
  }

  private TransportNode[] all() {
    return nodes.values().toArray(TransportNode[]::new);
  }

  @Test
  void aConnectorCreatedChangedDisabledAndRemovedRoutesOnEveryNodeWithinASecondWithoutDisturbingMailInFlight()
      throws Exception {
    ScriptedSmtpServer a = smartHost("127.0.1.30");
    ScriptedSmtpServer b = smartHost("127.0.1.31");
    String name = "to live.example";
    SendConnector toA = Routes.toSmartHost(name, DOMAIN, 1, a, "H1", "H2", "H3");

    Map<String, Duration> created = propagation("created", () -> cluster.create(ObjectKind.SEND_CONNECTOR, toA),
        s -> Routes.connector(s, name).isPresent());
    load.submit(nodes.get("H1").smtpAddress(), DOMAIN, 1, 1, 1, Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.received().size() == 1);

    // One message held at A's end of data while its connector is pointed at B.
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    a.data(n -> {
      reached.countDown();
      awaitQuietly(answer);
      return "250 2.0.0 queued as A" + n;
    });
    load.submit(nodes.get("H2").smtpAddress(), DOMAIN, 2, 1, 1, Duration.ofSeconds(10));
    assertThat(reached.await(10, TimeUnit.SECONDS)).as("the message is in flight to A").isTrue();
    String bText = Routes.smartHostText(b);
    long changedAt = System.nanoTime();
    Map<String, Duration> changed = propagation("changed (smart host A to B)",
        () -> cluster.directory().update(ObjectKind.SEND_CONNECTOR, name, c -> c.toBuilder().smartHosts(bText).build()),
        s -> Routes.connector(s, name).filter(c -> c.smartHosts().toString().contains(bText)).isPresent());
    List<Integer> submitted = new ArrayList<>();
    Duration nextMessage = firstMessageAt(b, nodes.get("H3"), 1000, changedAt, submitted);
    answer.countDown();
    await().atMost(Duration.ofSeconds(20)).until(() -> nodes.values().stream().allMatch(n -> n.spool().ids().isEmpty()));
    assertThat(recipients(a)).as("the message in flight finished at A, once").containsOnlyOnce("m2@" + DOMAIN);
    assertThat(recipients(b)).as("and was not sent again to B").doesNotContain("m2@" + DOMAIN);
    assertThat(a.received().size() + b.received().size()).as("every message delivered once")
        .isEqualTo(2 + submitted.get(0));

    Map<String, Duration> disabled = propagation("disabled",
        () -> cluster.directory().update(ObjectKind.SEND_CONNECTOR, name, c -> c.toBuilder().enabled(false).build()),
        s -> Routes.connector(s, name).filter(c -> !c.enabled()).isPresent());
    int atB = b.received().size();
    load.submit(nodes.get("H1").smtpAddress(), DOMAIN, 100, 1, 1, Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> nodes.get("H1").queues().queues().stream()
        .anyMatch(q -> q.deliveryType().equals("Unreachable") && q.messageCount() == 1));

    Map<String, Duration> removed = propagation("removed",
        () -> cluster.directory().remove(ObjectKind.SEND_CONNECTOR, name), s -> Routes.connector(s, name).isEmpty());
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> b.received().size() == atB);

    System.out.printf("LiveConfigurationIT: propagation from the directory write to each node's snapshot "
            + "(ZooKeeper session timeout %d ms): created %s, changed %s, disabled %s, removed %s; "
            + "the first message submitted after the change reached the new smart host %d ms after the write (%d submitted until then)%n",
        SESSION_TIMEOUT.toMillis(), millis(created), millis(changed), millis(disabled), millis(removed),
        nextMessage.toMillis(), submitted.get(0));
    for (Map<String, Duration> figures : List.of(created, changed, disabled, removed)) {
      assertThat(figures.values()).allMatch(d -> d.compareTo(WITHIN) < 0);
    }
    assertThat(nextMessage).isLessThan(WITHIN.plusSeconds(1));
    assertThat(tracking()).doesNotContain(",FAIL,").doesNotContain(",DEFER,");
  }

  @Test
  void aConnectorDisabledDuringLoadStopsTakingMailWithinASecondAndTheOtherConnectorTakesIt() throws Exception {
    ConcurrentLinkedQueue<Long> arrivalsAtA = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> arrivalsAtB = new ConcurrentLinkedQueue<>();
    ScriptedSmtpServer a = smartHost("127.0.1.32").data(n -> {
      arrivalsAtA.add(System.nanoTime());
      return "250 2.0.0 A" + n;
    });
    ScriptedSmtpServer b = smartHost("127.0.1.33").data(n -> {
      arrivalsAtB.add(System.nanoTime());
      return "250 2.0.0 B" + n;
    });
    // The same address space: the cheaper one takes the mail while it is enabled.
    cluster.create(ObjectKind.SEND_CONNECTOR, Routes.toSmartHost("primary", DOMAIN, 1, a, "H1", "H2", "H3"));
    cluster.create(ObjectKind.SEND_CONNECTOR, Routes.toSmartHost("secondary", DOMAIN, 5, b, "H1", "H2", "H3"));
    Routes.awaitSnapshots(s -> Routes.connector(s, "primary").isPresent() && Routes.connector(s, "secondary").isPresent(),
        all());

    int perNode = 150;
    List<CompletableFuture<Void>> loads = new ArrayList<>();
    int first = 1;
    for (TransportNode node : nodes.values()) {
      int from = first;
      loads.add(CompletableFuture.runAsync(() -> {
        try {
          load.submit(node.smtpAddress(), DOMAIN, from, perNode, 3, Duration.ofMinutes(2));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
      first += perNode;
    }
    int total = perNode * nodes.size();
    await().atMost(Duration.ofSeconds(60)).until(() -> a.received().size() >= 100);
    long disabledAt = System.nanoTime();
    cluster.directory().update(ObjectKind.SEND_CONNECTOR, "primary", c -> c.toBuilder().enabled(false).build());
    int acceptedAtWrite = load.accepted();
    CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
    await().atMost(Duration.ofSeconds(60)).until(() -> a.received().size() + b.received().size() >= total);

    long lastAtA = arrivalsAtA.stream().mapToLong(t -> t - disabledAt).max().orElseThrow();
    long firstAtB = arrivalsAtB.stream().mapToLong(t -> t - disabledAt).min().orElseThrow();
    System.out.printf("LiveConfigurationIT: %d messages over 3 hubs, primary disabled after %d accepted: the last "
            + "message reached the disabled connector's smart host %d ms after the write, the first reached the "
            + "other one %d ms after it; A took %d, B took %d (ZooKeeper session timeout %d ms)%n",
        total, acceptedAtWrite, TimeUnit.NANOSECONDS.toMillis(lastAtA), TimeUnit.NANOSECONDS.toMillis(firstAtB),
        a.received().size(), b.received().size(), SESSION_TIMEOUT.toMillis());
    assertThat(Duration.ofNanos(lastAtA)).as("no message reached the disabled connector a second after the write")
        .isLessThan(WITHIN);
    assertThat(a.received().size() + b.received().size()).as("every message delivered once").isEqualTo(total);
    assertThat(b.received()).as("the load went on through the other connector").isNotEmpty();
    assertThat(tracking()).doesNotContain(",FAIL,");
  }

  /**
   * Runs {@code write} and polls every node's snapshot until {@code holds}: from the moment before the write to
   * the first poll that sees it, for each node.
   */
  private Map<String, Duration> propagation(String what, Runnable write, Predicate<DirectorySnapshot> holds) {
    Map<String, Duration> seen = new LinkedHashMap<>();
    long start = System.nanoTime();
    write.run();
    await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2)).until(() -> {
      long now = System.nanoTime();
      nodes.forEach((name, node) -> {
        if (!seen.containsKey(name) && node.directory().snapshot().filter(holds).isPresent()) {
          seen.put(name, Duration.ofNanos(now - start));
        }
      });
      return seen.size() == nodes.size();
    });
    return seen;
  }

  /**
   * Submits messages one after the other (at most 200) to {@code node}, numbered {@code first} on, until one
   * reaches {@code target}: how long after {@code since} it got there. Returns the figure; {@code submitted}
   * gets how many were sent.
   */
  private Duration firstMessageAt(ScriptedSmtpServer target, TransportNode node, int first, long since,
      List<Integer> submitted) throws Exception {
    int before = target.received().size();
    int i = 0;
    for (; i < 200 && target.received().size() == before; i++) {
      load.submit(node.smtpAddress(), DOMAIN, first + i, 1, 1, Duration.ofSeconds(10));
    }
    submitted.add(i);
    await().atMost(Duration.ofSeconds(10)).until(() -> target.received().size() > before);
    return Duration.ofNanos(System.nanoTime() - since);
  }

  private static List<String> recipients(ScriptedSmtpServer server) {
    return server.received().stream().flatMap(r -> r.recipients().stream()).toList();
  }

  private static String millis(Map<String, Duration> figures) {
    StringBuilder text = new StringBuilder();
    figures.forEach((node, d) -> text.append(text.isEmpty() ? "" : " ").append(node).append('=')
        .append(d.toMillis()).append("ms"));
    return "[" + text + "]";
  }

  private String tracking() throws Exception {
    StringBuilder all = new StringBuilder();
    for (NodeConfig config : configs) {
      try (var files = Files.list(config.trackingDir())) {
        for (Path f : files.toList()) {
          all.append(Files.readString(f));
        }
      }
    }
    return all.toString();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
