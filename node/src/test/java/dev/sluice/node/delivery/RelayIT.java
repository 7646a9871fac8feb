package dev.sluice.node.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.directory.Directory;
import dev.sluice.directory.ObjectKind;
import dev.sluice.node.config.HostPort;
import dev.sluice.node.config.NodeConfig;
import dev.sluice.node.delivery.queue.QueueInfo;
import dev.sluice.node.delivery.queue.QueueStatus;
import dev.sluice.node.lifecycle.LoopbackNode;
import dev.sluice.node.lifecycle.TransportNode;
import dev.sluice.node.smtp.client.SmtpClient;
import dev.sluice.node.spool.SpooledMessage;
import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.AcceptedDomainType;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.UsageType;
import dev.sluice.routing.validate.UsageDefaults;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay between two nodes of one organization sharing a ZooKeeper (and so a cluster key): HUBB is the only
 * source server of the Send connector for example.org, so HUBA, which the client submits to, relays to HUBB's
 * registered SMTP endpoint over SMTP, authenticated as itself with its node secret, with every header right;
 * HUBB delivers to the smart host with the Internet usage type's rights, so the organization's headers stop
 * there. With HUBB down, HUBA keeps the message in Retry and sends it once HUBB is back on its data.
 */
class RelayIT {
  private static final String A_ADDRESS = "127.0.0.80";
  private static final String B_ADDRESS = "127.0.0.81";
  private static final String SMART_HOST = "127.0.0.82";
  private static final String CONNECTOR = "to example.org";
  private static final NodeConfig.Queue FAST = new NodeConfig.Queue(2, Duration.ofMillis(300), 2, Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(400), Duration.ofMinutes(10), Duration.ofMinutes(20), 4,
      Duration.ofSeconds(10));
  private static final String ORGANIZATION_HEADER = "X-MS-Exchange-Organization-SCL: -1";

  @TempDir Path data;
  private TestingServer zooKeeper;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final MultiThreadIoEventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

  private NodeConfig configA;
  private NodeConfig configB;

  @BeforeEach
  void zooKeeperAndConfigs() throws Exception {
    zooKeeper = new TestingServer(true);
    configA = config("HUBA", A_ADDRESS);
    configB = config("HUBB", B_ADDRESS);
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    zooKeeper.close();
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** A hub named {@code name} on {@code address}, its data under data/name, the cluster key shared by both. */
  private NodeConfig config(String name, String address) throws Exception {
    Path dir = data.resolve(name);
    return new NodeConfig(
        new NodeConfig.Server(name, ServerRole.HUB, NodeConfig.DEFAULT_SITE, name.toLowerCase() + ".sluice.test"),
        new NodeConfig.ZooKeeper(zooKeeper.getConnectString(), Optional.empty(), NodeConfig.ZooKeeper.DEFAULT_ROOT,
            Optional.empty(), Duration.ofSeconds(10), Optional.of(data.resolve("cluster.key"))),
        new NodeConfig.Smtp(new HostPort(address, LoopbackNode.freePort(address)), NodeConfig.Smtp.Tls.NONE),
        new NodeConfig.Admin(new HostPort(address, LoopbackNode.freePort(address))),
        new NodeConfig.Metrics(new HostPort(address, LoopbackNode.freePort(address))),
        new NodeConfig.Spool(dir.resolve("spool"), 0), NodeConfig.Dns.SYSTEM, NodeConfig.Limits.DEFAULTS, FAST);
  }

  private TransportNode start(NodeConfig config) throws Exception {
    TransportNode node = TransportNode.start(config, false, data.resolve("drop"), Clock.systemUTC(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    open.add(node);
    await().atMost(Duration.ofSeconds(30)).until(() -> node.directory().snapshot().isPresent());
    return node;
  }

  private ScriptedSmtpServer smartHost() throws Exception {
    ScriptedSmtpServer server = new ScriptedSmtpServer(SMART_HOST);
    open.add(server);
    return server;
  }

  /**
   * Accepts example.org and sends it through an Internet connector whose only source server is HUBB, to
   * {@code smartHost}; waits until every node in {@code nodes} routes with it.
   */
  private static void route(Directory directory, ScriptedSmtpServer smartHost, TransportNode... nodes) {
    directory.create(ObjectKind.ACCEPTED_DOMAIN,
        new AcceptedDomain("example.org", "example.org", AcceptedDomainType.INTERNAL_RELAY));
    SendConnector connector = UsageDefaults.newConnector(SendConnector.builder(CONNECTOR)
        .addressSpaces("SMTP:example.org;1").sourceTransportServers("HUBB").dnsRoutingEnabled(false)
        .smartHosts("[" + SMART_HOST + "]:" + smartHost.address().getPort()),
        Optional.of(UsageType.INTERNET), Optional.of(SmartHostAuthMechanism.NONE));
    directory.create(ObjectKind.SEND_CONNECTOR, connector);
    for (TransportNode node : nodes) {
      await().atMost(Duration.ofSeconds(10)).until(() -> node.directory().snapshot()
          .filter(s -> s.config().sendConnectors().stream().anyMatch(c -> c.name().equals(CONNECTOR))).isPresent());
    }
  }

  private void submit(TransportNode node) throws Exception {
    String content = ORGANIZATION_HEADER + "\r\nFrom: <a@client.test>\r\nSubject: relay test\r\n\r\nhello\r\n";
    Map<String, SmtpClient.Reply> replies = new SmtpClient(loops, "client.test", false, Duration.ofSeconds(10))
        .send(node.smtpAddress(), new SmtpClient.Message("a@client.test", List.of("x@example.org"),
            content.getBytes(StandardCharsets.US_ASCII))).get(20, TimeUnit.SECONDS);
    assertThat(replies.values()).allMatch(SmtpClient.Reply::isSuccess);
  }

  private static String tracking(NodeConfig config) throws IOException {
    StringBuilder all = new StringBuilder();
    try (var files = Files.list(config.trackingDir())) {
      for (Path f : files.toList()) {
        all.append(Files.readString(f));
      }
    }
    return all.toString();
  }

  private static List<String> lines(String tracking, String event) {
    return tracking.lines().filter(l -> l.contains("," + event + ",")).toList();
  }

  private static Optional<QueueInfo> relayQueue(TransportNode node) {
    return node.queues().queues().stream().filter(q -> q.connector().equals(CONNECTOR)).findFirst();
  }

  @Test
  void aMessageForAConnectorOfAnotherHubIsRelayedThereWithEveryHeaderAndDeliveredOnceFromThere() throws Exception {
    TransportNode a = start(configA);
    TransportNode b = start(configB);
    // The smart host holds its answer to the end of the data until the test has looked at HUBB's spool.
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    ScriptedSmtpServer smartHost = smartHost().data(n -> {
      reached.countDown();
      try {
        answer.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "250 2.0.0 queued as R" + n;
    });
    route(a.directory().directory(), smartHost, a, b);

    submit(a);

    assertThat(reached.await(30, TimeUnit.SECONDS)).as("HUBB delivers to the smart host").isTrue();
    // HUBA gave it to HUBB and let it go; HUBB holds it as it came over the hop inside the organization.
    await().atMost(Duration.ofSeconds(10)).until(() -> a.spool().ids().isEmpty());
    assertThat(b.spool().ids()).hasSize(1);
    SpooledMessage relayed = b.spool().read(b.spool().ids().get(0)).orElseThrow();
    assertThat(relayed.envelope().authenticatedAs()).as("HUBA logged in as itself").contains("HUBA");
    assertThat(relayed.envelope().heloName()).isEqualTo("huba.sluice.test");
    assertThat(relayed.envelope().clientAddress()).as("A connects from its own SMTP address").isEqualTo(A_ADDRESS);
    String hop = new String(relayed.contentBytes(), StandardCharsets.US_ASCII);
    assertThat(hop).contains(ORGANIZATION_HEADER).contains("by hubb.sluice.test (Sluice) with ESMTPA")
        .contains("by huba.sluice.test (Sluice) with ESMTP ").contains("Subject: relay test");
    answer.countDown();

    await().atMost(Duration.ofSeconds(20)).until(() -> smartHost.received().size() == 1 && b.spool().ids().isEmpty());
    ScriptedSmtpServer.Received delivered = smartHost.received().get(0);
    assertThat(delivered.recipients()).containsExactly("x@example.org");
    // Internet usage, last hop: Anonymous keeps the Received headers and nothing of the organization's.
    assertThat(delivered.content()).doesNotContain("X-MS-Exchange-Organization-")
        .contains("by huba.sluice.test").contains("by hubb.sluice.test").contains("Subject: relay test");

    String trackingA = tracking(configA);
    String trackingB = tracking(configB);
    assertThat(lines(trackingA, "SEND")).singleElement().satisfies(l -> assertThat(l)
        .contains("," + CONNECTOR + ",").contains("x@example.org").endsWith(",HUBB"));
    assertThat(lines(trackingB, "RECEIVE")).singleElement().satisfies(l -> assertThat(l)
        .contains(",HUBB,Default HUBB," + relayed.envelope().clientAddress() + ",a@client.test,"));
    assertThat(lines(trackingB, "SEND")).singleElement().satisfies(l -> assertThat(l)
        .contains("," + CONNECTOR + ",").contains("250 2.0.0 queued as R1"));
    assertThat(trackingA + trackingB).doesNotContain(",DEFER,").doesNotContain(",FAIL,");
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> smartHost.received().size() == 1);
  }

  @Test
  void withTheSourceServerDownTheRelayWaitsInRetryAndFlowsWhenItIsBack() throws Exception {
    TransportNode a = start(configA);
    TransportNode b = start(configB);
    ScriptedSmtpServer smartHost = smartHost();
    route(a.directory().directory(), smartHost, a, b);
    b.close();
    await().atMost(Duration.ofSeconds(20)).until(() -> a.directory().snapshot()
        .filter(s -> s.member("HUBB").isEmpty()).isPresent());

    submit(a);

    await().atMost(Duration.ofSeconds(20)).until(() -> relayQueue(a)
        .filter(q -> q.status() == QueueStatus.RETRY && q.messageCount() == 1 && q.lastError().isPresent()).isPresent());
    assertThat(relayQueue(a).orElseThrow().deliveryType()).isEqualTo("SmtpRelayToConnectorSourceServers");
    assertThat(relayQueue(a).orElseThrow().lastError()).hasValueSatisfying(e -> assertThat(e).contains(CONNECTOR));
    assertThat(a.spool().ids()).hasSize(1);
    assertThat(smartHost.received()).isEmpty();
    assertThat(tracking(configA)).doesNotContain(",FAIL,").doesNotContain(",SEND,");

    TransportNode back = start(configB);
    await().atMost(Duration.ofSeconds(30)).until(() -> smartHost.received().size() == 1
        && a.spool().ids().isEmpty() && back.spool().ids().isEmpty());
    assertThat(smartHost.received().get(0).content()).doesNotContain("X-MS-Exchange-Organization-")
        .contains("by hubb.sluice.test");
    assertThat(lines(tracking(configA), "SEND")).singleElement().satisfies(l -> assertThat(l).endsWith(",HUBB"));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> smartHost.received().size() == 1);
  }
}
