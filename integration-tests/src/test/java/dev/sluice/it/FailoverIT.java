package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.node.config.NodeConfig;
import dev.sluice.node.delivery.ScriptedSmtpServer;
import dev.sluice.node.lifecycle.TransportNode;
import dev.sluice.routing.model.ServerRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source server SIGKILLed under load: the entry hub H1 relays example.org to the Send connector's source
 * servers S1 and S2 (child JVMs), which deliver to one smart host (the sink). 2,000 messages go into H1;
 * S1 dies during the load; H1 carries on through S2 at once (connections to S1 are refused before its
 * member znode expires) and the sessions cut by the kill are retried there; what S1 had accepted waits in
 * its spool until S1 restarts on it. Every message is then counted at the sink by its Message-ID: none
 * lost, and the duplicates (at most one per session the kill cut, where SMTP cannot tell whether the
 * other side kept the message) counted apart.
 */
class FailoverIT {
  private static final String CONNECTOR = "to example.org";
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
  private static final int MESSAGES = 2_000;
  /** H1's relay sessions (queue.max-per-domain-connections of Cluster.FAST) and S1's to the sink. */
  private static final int H1_SESSIONS = 20;
  private static final int SOURCE_SESSIONS = 3;

  @TempDir Path data;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T open(T closeable) {
    open.add(closeable);
    return closeable;
  }

  @Test
  void aSourceServerKilledDuringLoadLosesNothingAndItsSpoolIsDeliveredWhenItRestarts() throws Exception {
    Ensemble ensemble = open(new Ensemble());
    Cluster cluster = open(new Cluster(ensemble.connectString(), data, SESSION_TIMEOUT));
    ScriptedSmtpServer sink = open(new ScriptedSmtpServer("127.0.2.10"));
    // Three sessions each to the sink: its eight threads serve them all, and a killed session frees one.
    String perDomain = "  max-per-domain-connections: " + SOURCE_SESSIONS;
    NodeProcess s1 = open(new NodeProcess(cluster, "S1", "hub", NodeConfig.DEFAULT_SITE, "127.0.2.2", perDomain));
    NodeProcess s2 = open(new NodeProcess(cluster, "S2", "hub", NodeConfig.DEFAULT_SITE, "127.0.2.3", perDomain));
    s1.start();
    s2.start();
    NodeConfig h1Config = cluster.config("H1", ServerRole.HUB, NodeConfig.DEFAULT_SITE, "127.0.2.1");
    TransportNode h1 = cluster.start(h1Config);
    cluster.sendConnector(CONNECTOR, "example.org", sink.address(), "S1", "S2");
    await().atMost(Duration.ofSeconds(30)).until(() -> h1.directory().snapshot()
        .filter(s -> s.member("S1").isPresent() && s.member("S2").isPresent())
        .filter(s -> s.config().sendConnectors().stream().anyMatch(c -> c.name().equals(CONNECTOR))).isPresent());

    CountedLoad load = open(new CountedLoad(h1.smtpAddress(), "x@example.org", "fo", MESSAGES, 8)).start(Duration.ofMinutes(2));
    // Kill S1 while it is carrying mail and most of the load is still to come.
    await().atMost(Duration.ofSeconds(90)).conditionEvaluationListener(c -> {
          if (c.getRemainingTimeInMS() < 1_000) {
            System.out.println("FailoverIT before the kill: accepted " + load.accepted() + ", failures "
                + load.failures().size() + ", " + CountedLoad.bySender(sink) + ", H1 queues " + h1.queues().queues());
          }
        }).until(() -> load.accepted() >= MESSAGES / 4
        && CountedLoad.deliveredFrom(sink, s1.name()) > 0 && CountedLoad.deliveredFrom(sink, s2.name()) > 0);
    Instant kill = Instant.now();
    s1.kill();
    int acceptedAtKill = load.accepted();
    await().atMost(SESSION_TIMEOUT.multipliedBy(3)).until(() -> h1.directory().snapshot()
        .filter(s -> s.member("S1").isEmpty()).isPresent());
    Duration memberGone = Duration.between(kill, Instant.now());

    assertThat(load.awaitDone(Duration.ofMinutes(2))).as("the load ends").isTrue();
    assertThat(load.failures()).as("H1 takes every message while S1 is dead").isEmpty();
    assertThat(load.accepted()).isEqualTo(MESSAGES);
    // With S1 dead, H1 hands everything to S2: nothing waits at H1, and once S2 has delivered all it took,
    // what the sink still misses is what S1 had accepted.
    await().atMost(Duration.ofSeconds(90)).until(() -> h1.spool().ids().isEmpty() && spooled(s2) == 0);
    int missingWhileDown = load.missing(CountedLoad.deliveries(sink)).size();

    long s1BeforeRestart = CountedLoad.deliveredFrom(sink, s1.name());

    s1.start();
    await().atMost(Duration.ofSeconds(90)).until(() -> load.missing(CountedLoad.deliveries(sink)).isEmpty());
    // Nothing more can reach the sink once every spool is empty: only then are the copies counted.
    await().atMost(Duration.ofSeconds(60)).until(() -> spooled(s1) == 0 && spooled(s2) == 0 && h1.spool().ids().isEmpty());
    long s1AfterRestart = CountedLoad.deliveredFrom(sink, s1.name()) - s1BeforeRestart;
    Map<String, Integer> deliveries = CountedLoad.deliveries(sink);
    int total = deliveries.values().stream().mapToInt(Integer::intValue).sum();
    int duplicates = total - deliveries.size();

    List<String[]> tracking = tracking(h1Config);
    Optional<Instant> firstToS2 = tracking.stream().filter(f -> f[1].equals("SEND") && f[f.length - 1].equals("S2"))
        .map(f -> Instant.parse(f[0])).filter(t -> t.isAfter(kill)).findFirst();
    long deferredAfterKill = tracking.stream().filter(f -> f[1].equals("DEFER"))
        .filter(f -> Instant.parse(f[0]).isAfter(kill)).count();
    Duration longestGap = longestGap(tracking, kill, kill.plusSeconds(20));
    System.out.printf("FailoverIT: ZooKeeper session timeout %d ms (negotiated %d ms); S1 SIGKILLed after %d of %d"
        + " messages were accepted%n  kill -> first message H1 handed to S2: %d ms%n"
        + "  longest pause in H1's handoffs in the 20 s after the kill: %d ms%n"
        + "  kill -> S1's member znode gone from H1's snapshot: %d ms%n"
        + "  H1 deferrals after the kill (sessions cut, retried to S2): %d%n"
        + "  missing at the sink with S1 down (in S1's spool): %d; delivered by S1 after its restart: %d%n"
        + "  delivered %d distinct, %d copies in all, %d duplicates (bound: %d sessions cut)%n",
        SESSION_TIMEOUT.toMillis(), cluster.negotiatedSessionTimeout().toMillis(), acceptedAtKill, MESSAGES,
        firstToS2.map(t -> Duration.between(kill, t).toMillis()).orElse(-1L), longestGap.toMillis(),
        memberGone.toMillis(), deferredAfterKill, missingWhileDown, s1AfterRestart, deliveries.size(), total, duplicates,
        H1_SESSIONS + SOURCE_SESSIONS);

    assertThat(deliveries).as("every message reached the sink").hasSize(MESSAGES);
    assertThat(firstToS2).as("H1 hands mail to S2 after the kill").isPresent();
    assertThat(Duration.between(kill, firstToS2.get())).as("at once, not after the session timeout")
        .isLessThan(SESSION_TIMEOUT);
    // A copy needs a session cut between the end of the data and its reply (H1 to S1), or S1 dying between
    // the sink's 250 and its own spool removal: at most one per session open at the kill.
    assertThat(duplicates).as("duplicates, only from sessions cut by the kill").isLessThanOrEqualTo(
        H1_SESSIONS + SOURCE_SESSIONS);
    assertThat(s1AfterRestart).as("S1 delivered what its spool held when it was killed")
        .isGreaterThanOrEqualTo(missingWhileDown);
  }

  /** The messages in {@code node}'s spool, from its metrics. */
  private static double spooled(NodeProcess node) throws Exception {
    return node.metrics().lines().filter(l -> l.startsWith("sluice_spool_messages "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1).strip())).findFirst()
        .orElseThrow(() -> new AssertionError(node.name() + " reports no sluice_spool_messages"));
  }

  /** H1's tracking log lines as fields (timestamp, event, ..., remote host last), in order. */
  private static List<String[]> tracking(NodeConfig config) throws Exception {
    List<String[]> lines = new ArrayList<>();
    try (var files = Files.list(config.trackingDir())) {
      for (Path f : files.sorted().toList()) {
        Files.readAllLines(f).stream().filter(l -> !l.startsWith("#") && !l.isBlank())
            .forEach(l -> lines.add(l.split(",", -1)));
      }
    }
    return lines;
  }

  /** The longest time between two handoffs (SEND) of H1 within [from, to]. */
  private static Duration longestGap(List<String[]> tracking, Instant from, Instant to) {
    Instant last = from;
    Duration longest = Duration.ZERO;
    for (String[] f : tracking) {
      Instant t = Instant.parse(f[0]);
      if (!f[1].equals("SEND") || t.isBefore(from) || t.isAfter(to)) {
        continue;
      }
      longest = Duration.between(last, t).compareTo(longest) > 0 ? Duration.between(last, t) : longest;
      last = t;
    }
    return longest;
  }
}
