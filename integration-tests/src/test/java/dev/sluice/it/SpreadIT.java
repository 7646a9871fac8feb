package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.directory.ObjectKind;
import dev.sluice.node.config.NodeConfig;
import dev.sluice.node.delivery.ScriptedSmtpServer;
import dev.sluice.node.lifecycle.TransportNode;
import dev.sluice.routing.model.ServerRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, point 6: with two live source servers, the messages a hub relays for their connector spread
 * between them. Three hubs in one site on a three-server ensemble: H1 (not a source server) takes 1,000
 * submissions and relays each to S1 or S2, the source servers of the Send connector to a scripted smart host.
 */
class SpreadIT {
  private static final String CONNECTOR = "to spread.example";
  private static final String DOMAIN = "spread.example";
  private static final int MESSAGES = 1_000;
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
  private static final int CONNECTIONS = 4;

  @TempDir Path data;
  private Ensemble ensemble;
  private Cluster cluster;
  private ScriptedSmtpServer smartHost;
  private MailLoad load;

  @BeforeEach
  void cluster() throws Exception {
    ensemble = new Ensemble();
    cluster = new Cluster(ensemble.connectString(), data, SESSION_TIMEOUT);
    smartHost = new ScriptedSmtpServer("127.0.1.10");
    load = new MailLoad();
  }

  @AfterEach
  void close() throws Exception {
    load.close();
    cluster.close();
    smartHost.close();
    ensemble.close();
  }

  /**
   * A hub with at most {@link #CONNECTIONS} sessions per next hop. The scripted smart host serves 8 connections
   * at once: S1's and S2's 4 each fit, so neither source server's queue grows for want of a sink thread, which
   * the balancer (weighted by the queue lengths the members report) would rightly answer by sending it less.
   */
  private TransportNode hub(String name, String address) throws Exception {
    NodeConfig c = cluster.config(name, ServerRole.HUB, NodeConfig.DEFAULT_SITE, address);
    NodeConfig.Queue q = c.queue();
    NodeConfig.Queue fewer = new NodeConfig.Queue(q.glitchRetryCount(), q.glitchRetryInterval(),
        q.transientRetryCount(), q.transientRetryInterval(), q.outboundConnectionFailureRetryInterval(),
        q.messageRetryInterval(), q.delayNotificationTimeout(), q.messageExpirationTimeout(), CONNECTIONS,
        q.replyTimeout());
    return cluster.start(new NodeConfig(c.server(), c.zooKeeper(), c.smtp(), c.admin(), c.metrics(), c.spool(), c.dns(),
        c.limits(), fewer));
  }

  @Test
  void aThousandMessagesRelayedByAHubSplitBetweenTheTwoLiveSourceServersWithinFortyToSixtyPercent() throws Exception {
    TransportNode h1 = hub("H1", "127.0.1.1");
    TransportNode s1 = hub("S1", "127.0.1.2");
    TransportNode s2 = hub("S2", "127.0.1.3");
    Routes.acceptRelayDomain(cluster.directory(), DOMAIN);
    cluster.create(ObjectKind.SEND_CONNECTOR, Routes.toSmartHost(CONNECTOR, DOMAIN, 1, smartHost, "S1", "S2"));
    Routes.awaitSnapshots(s -> Routes.connector(s, CONNECTOR).isPresent() && s.members().size() == 3, h1, s1, s2);

    long start = System.nanoTime();
    load.submit(h1.smtpAddress(), DOMAIN, 1, MESSAGES, 8, Duration.ofMinutes(3));
    await().atMost(Duration.ofMinutes(2)).until(() -> smartHost.received().size() >= MESSAGES);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    // Which source server handed each message over, by the Received header it added.
    Map<String, Long> byReceived = smartHost.received().stream()
        .collect(Collectors.groupingBy(SpreadIT::lastHub, Collectors.counting()));
    long viaS1 = delivered(s1);
    long viaS2 = delivered(s2);
    String h1Metrics = PrometheusSamples.scrape(h1.metricsAddress());
    long relayedToS1 = relayed(h1Metrics, "S1");
    long relayedToS2 = relayed(h1Metrics, "S2");
    System.out.printf("SpreadIT: %d messages submitted to H1 and delivered in %d ms (ZooKeeper session timeout %d ms):"
            + " S1 delivered %d (%.1f%%), S2 delivered %d (%.1f%%); H1 relayed %d to S1 and %d to S2;"
            + " the smart host saw %s by the last Received header%n",
        MESSAGES, took.toMillis(), SESSION_TIMEOUT.toMillis(), viaS1, 100.0 * viaS1 / MESSAGES, viaS2,
        100.0 * viaS2 / MESSAGES, relayedToS1, relayedToS2, byReceived);

    assertThat(smartHost.received()).as("every message reached the smart host once").hasSize(MESSAGES);
    assertThat(smartHost.received().stream().map(r -> r.recipients().get(0)).distinct().count()).isEqualTo(MESSAGES);
    assertThat(byReceived).as("only the source servers deliver to the smart host").containsOnlyKeys("S1", "S2");
    assertThat(viaS1 + viaS2).isEqualTo(MESSAGES);
    assertThat(viaS1).as("S1's share").isBetween(MESSAGES * 40L / 100, MESSAGES * 60L / 100);
    assertThat(viaS2).as("S2's share").isBetween(MESSAGES * 40L / 100, MESSAGES * 60L / 100);
    assertThat(byReceived).containsEntry("S1", viaS1).containsEntry("S2", viaS2);
    assertThat(relayedToS1).as("H1's relay counter agrees with what S1 delivered").isEqualTo(viaS1);
    assertThat(relayedToS2).isEqualTo(viaS2);
  }

  /** The hub whose Received header is on top: the one that delivered to the smart host. */
  private static String lastHub(ScriptedSmtpServer.Received received) {
    int s1 = received.content().indexOf("by s1.sluice.test");
    int s2 = received.content().indexOf("by s2.sluice.test");
    return s1 >= 0 && (s2 < 0 || s1 < s2) ? "S1" : s2 >= 0 ? "S2" : "neither";
  }

  /** What {@code node} delivered through the connector, by its own metrics. */
  private static long delivered(TransportNode node) throws Exception {
    return (long) PrometheusSamples.value(PrometheusSamples.scrape(node.metricsAddress()),
        "sluice_messages_delivered_total", Map.of("connector", CONNECTOR)).orElse(0);
  }

  private static long relayed(String metrics, String server) {
    return (long) PrometheusSamples.value(metrics, "sluice_relay_messages_total",
        Map.of("connector", CONNECTOR, "server", server)).orElse(0);
  }
}
