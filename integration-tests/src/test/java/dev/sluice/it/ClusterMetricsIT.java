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
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, point 8: every node's metrics and health show the cluster as it routes with it. Three hubs in the
 * default site (H1, and S1 and S2, the source servers of a Send connector) and one in a second site, on a
 * three-server ensemble: each node shows the members by role and site ({@code sluice_directory_members}) and
 * each source server up ({@code sluice_source_server_up}); H1 counts what it relays to each source server
 * ({@code sluice_relay_messages_total}). When S2 stops, every other node's gauges drop and H1 relays only to S1.
 */
class ClusterMetricsIT {
  private static final String CONNECTOR = "to metrics.example";
  private static final String DOMAIN = "metrics.example";
  private static final String SITE = NodeConfig.DEFAULT_SITE;
  private static final String REMOTE = "Remote";
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path data;
  private Ensemble ensemble;
  private Cluster cluster;
  private ScriptedSmtpServer smartHost;
  private MailLoad load;

  @BeforeEach
  void cluster() throws Exception {
    ensemble = new Ensemble();
    cluster = new Cluster(ensemble.connectString(), data, SESSION_TIMEOUT);
    smartHost = new ScriptedSmtpServer("127.0.1.50");
    load = new MailLoad();
  }

  @AfterEach
  void close() throws Exception {
    load.close();
    cluster.close();
    smartHost.close();
    ensemble.close();
  }

  private TransportNode hub(String name, String site, String address) throws Exception {
    return cluster.start(cluster.config(name, ServerRole.HUB, site, address));
  }

  @Test
  void eachNodeShowsTheMembersItSeesTheSourceServersUpAndWhatItRelayedAndAMemberLeavingDropsThem() throws Exception {
    TransportNode h1 = hub("H1", SITE, "127.0.1.41");
    TransportNode s1 = hub("S1", SITE, "127.0.1.42");
    TransportNode s2 = hub("S2", SITE, "127.0.1.43");
    TransportNode remote = hub("R1", REMOTE, "127.0.1.44");
    Routes.acceptRelayDomain(cluster.directory(), DOMAIN);
    cluster.create(ObjectKind.SEND_CONNECTOR, Routes.toSmartHost(CONNECTOR, DOMAIN, 1, smartHost, "S1", "S2"));
    List<TransportNode> everyone = List.of(h1, s1, s2, remote);
    Routes.awaitSnapshots(s -> Routes.connector(s, CONNECTOR).isPresent() && s.members().size() == 4,
        everyone.toArray(TransportNode[]::new));

    for (TransportNode node : everyone) {
      String metrics = PrometheusSamples.scrape(node.metricsAddress());
      assertThat(members(metrics, SITE)).as("hubs of the default site seen by a node").hasValue(3);
      assertThat(members(metrics, REMOTE)).hasValue(1);
      assertThat(up(metrics, "S1")).as("S1 up as a node routes").hasValue(1);
      assertThat(up(metrics, "S2")).hasValue(1);
    }
    assertThat(PrometheusSamples.health(h1.metricsAddress()))
        .contains("\"server\" : \"S1\"", "\"server\" : \"S2\"", "\"server\" : \"R1\"", "\"site\" : \"" + REMOTE + "\"");

    load.submit(h1.smtpAddress(), DOMAIN, 1, 20, 4, Duration.ofSeconds(60));
    await().atMost(Duration.ofSeconds(30)).until(() -> smartHost.received().size() == 20);
    String before = PrometheusSamples.scrape(h1.metricsAddress());
    double toS1 = relayed(before, "S1").orElse(0);
    double toS2 = relayed(before, "S2").orElse(0);
    assertThat(toS1 + toS2).as("H1 relayed every message to a source server").isEqualTo(20);
    assertThat(toS1).as("to both of them").isPositive();
    assertThat(toS2).isPositive();
    assertThat(relayed(PrometheusSamples.scrape(s1.metricsAddress()), "S2"))
        .as("a source server delivers itself: it relays nothing").isEmpty();

    long stoppedAt = System.nanoTime();
    cluster.stop(s2);
    for (TransportNode node : List.of(h1, s1, remote)) {
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
        String metrics = PrometheusSamples.scrape(node.metricsAddress());
        assertThat(members(metrics, SITE)).hasValue(2);
        assertThat(up(metrics, "S2")).hasValue(0);
        assertThat(up(metrics, "S1")).hasValue(1);
      });
    }
    long dropped = Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis();
    assertThat(PrometheusSamples.health(h1.metricsAddress())).contains("\"server\" : \"S1\"")
        .doesNotContain("\"server\" : \"S2\"");

    load.submit(h1.smtpAddress(), DOMAIN, 100, 10, 2, Duration.ofSeconds(60));
    await().atMost(Duration.ofSeconds(30)).until(() -> smartHost.received().size() == 30);
    String after = PrometheusSamples.scrape(h1.metricsAddress());
    System.out.printf("ClusterMetricsIT: H1 relayed %.0f to S1 and %.0f to S2; S2 stopped, every other node's "
            + "sluice_directory_members and sluice_source_server_up{server=S2} dropped within %d ms "
            + "(in-process stop deregisters at once; ZooKeeper session timeout %d ms); then H1 relayed %.0f to S1 "
            + "and %.0f to S2%n", toS1, toS2, dropped, SESSION_TIMEOUT.toMillis(),
        relayed(after, "S1").orElse(0) - toS1, relayed(after, "S2").orElse(0) - toS2);
    assertThat(relayed(after, "S1")).hasValue(toS1 + 10);
    assertThat(relayed(after, "S2")).as("nothing more to the stopped source server").hasValue(toS2);
  }

  private static OptionalDouble members(String metrics, String site) {
    return PrometheusSamples.value(metrics, "sluice_directory_members", Map.of("role", "hub", "site", site));
  }

  private static OptionalDouble up(String metrics, String server) {
    return PrometheusSamples.value(metrics, "sluice_source_server_up", Map.of("connector", CONNECTOR, "server", server));
  }

  private static OptionalDouble relayed(String metrics, String server) {
    return PrometheusSamples.value(metrics, "sluice_relay_messages_total",
        Map.of("connector", CONNECTOR, "server", server));
  }
}
