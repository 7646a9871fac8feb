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
import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.AcceptedDomainType;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.UsageType;
import dev.sluice.routing.validate.UsageDefaults;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node delivering through Send connectors to real SMTP servers on loopback (ScriptedSmtpServer) and finding MX
 * hosts through a real DNS server on loopback (TestDnsServer): 4xx then success, 5xx, a smart host down then up,
 * failover between smart hosts and MX hosts, all MX hosts down, expiry, 100 recipients over 10 domains, and the
 * header firewall per usage type. Retry intervals are a fraction of a second here (queue.* keys).
 */
class DeliveryIT {
  private static final String NODE = "127.0.0.40";
  private static final NodeConfig.Queue FAST = new NodeConfig.Queue(2, Duration.ofMillis(300), 2, Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(400), Duration.ofMinutes(10), Duration.ofMinutes(20), 4, Duration.ofSeconds(10));

  @TempDir Path data;
  private TestDnsServer dns;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final MultiThreadIoEventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

  @BeforeEach
  void dns() throws Exception {
    dns = new TestDnsServer("127.0.0.53");
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    dns.close();
    loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
  }

  private NodeConfig config;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  /** Runs a CLI verb in-process against the node's ZooKeeper; returns what it printed (exit code 0 required). */
  private String cli(String... args) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("ZooKeeper (\\S+) ")
        .matcher(console.toString(StandardCharsets.UTF_8));
    assertThat(m.find()).as("the node names its ZooKeeper").isTrue();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--zookeeper", m.group(1), "--cluster-key-file", config.clusterKeyFile().toString()));
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cli = dev.sluice.node.cli.SluiceCommand.commandLine();
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    assertThat(cli.execute(all.toArray(String[]::new))).as(err.toString()).isZero();
    return out.toString();
  }

  private TransportNode start(NodeConfig.Queue queue) throws Exception {
    return start(queue, Clock.systemUTC());
  }

  private TransportNode start(NodeConfig.Queue queue, Clock clock) throws Exception {
    NodeConfig base = LoopbackNode.config(data, NODE, NodeConfig.Smtp.Tls.NONE);
    InetSocketAddress resolver = dns.address();
    config = new NodeConfig(base.server(), base.zooKeeper(), base.smtp(), base.admin(), base.metrics(),
        base.spool(), new NodeConfig.Dns(List.of(new HostPort(resolver.getHostString(), resolver.getPort())), List.of()),
        base.limits(), queue);
    TransportNode node = TransportNode.start(config, true, data.resolve("drop"), clock,
        new PrintStream(console, true, StandardCharsets.UTF_8));
    open.add(node);
    await().atMost(Duration.ofSeconds(30)).until(() -> node.directory().snapshot().isPresent());
    return node;
  }

  private ScriptedSmtpServer server(String host) throws Exception {
    ScriptedSmtpServer server = new ScriptedSmtpServer(host);
    open.add(server);
    return server;
  }

  private ScriptedSmtpServer server(String host, int port) throws Exception {
    ScriptedSmtpServer server = new ScriptedSmtpServer(new InetSocketAddress(host, port));
    open.add(server);
    return server;
  }

  /** Accepts {@code domain} (InternalRelay: anyone may send to it) and adds {@code connector} for it. */
  private static void route(TransportNode node, String domain, SendConnector connector) {
    Directory directory = node.directory().directory();
    if (directory.get(ObjectKind.ACCEPTED_DOMAIN, domain).isEmpty()) {
      directory.create(ObjectKind.ACCEPTED_DOMAIN, new AcceptedDomain(domain, domain, AcceptedDomainType.INTERNAL_RELAY));
    }
    directory.create(ObjectKind.SEND_CONNECTOR, connector);
    await().atMost(Duration.ofSeconds(10)).until(() -> node.directory().snapshot()
        .filter(s -> s.config().sendConnectors().stream().anyMatch(c -> c.name().equals(connector.name()))).isPresent());
  }

  private static SendConnector.Builder smartHost(String name, String domain, String... hosts) {
    return SendConnector.builder(name).addressSpaces("SMTP:" + domain + ";1")
        .sourceTransportServers(NodeConfig.EMBEDDED_SERVER_NAME).dnsRoutingEnabled(false).smartHosts(hosts);
  }

  private static SendConnector usage(SendConnector.Builder builder, UsageType type, SmartHostAuthMechanism auth) {
    return UsageDefaults.newConnector(builder, Optional.of(type), Optional.of(auth));
  }

  /** Submits one message to the node with the SMTP client; every recipient must be accepted. */
  private void submit(TransportNode node, String sender, List<String> recipients, String headers) throws Exception {
    String content = headers + "From: <" + sender + ">\r\nSubject: delivery test\r\n\r\nhello\r\n";
    Map<String, SmtpClient.Reply> replies = new SmtpClient(loops, "client.test", false, Duration.ofSeconds(10))
        .send(node.smtpAddress(), new SmtpClient.Message(sender, recipients, content.getBytes(StandardCharsets.US_ASCII)))
        .get();
    assertThat(replies.values()).allMatch(SmtpClient.Reply::isSuccess);
  }

  private String tracking() throws Exception {
    try (var files = Files.list(data.resolve("tracking"))) {
      StringBuilder all = new StringBuilder();
      for (Path f : files.toList()) {
        all.append(Files.readString(f));
      }
      return all.toString();
    }
  }

  /** The sender's own mail server, where DSNs to a@client.test arrive. */
  private ScriptedSmtpServer sendersServer(TransportNode node) throws Exception {
    ScriptedSmtpServer senders = server("127.0.0.49");
    route(node, "client.test", smartHost("to senders", "client.test", "[127.0.0.49]:" + senders.address().getPort()).build());
    return senders;
  }

  private static Optional<QueueInfo> queueOf(TransportNode node, String connector) {
    return node.queues().queues().stream().filter(q -> q.connector().equals(connector)).findFirst();
  }

  @Test
  void aMessageDeferredWith4xxIsDeliveredOnceOnTheNextTry() throws Exception {
    TransportNode node = start(FAST);
    ScriptedSmtpServer host = server("127.0.0.41").data(n -> n == 1 ? "451 4.3.0 try again later" : "250 2.0.0 queued as Q" + n);
    route(node, "example.org", smartHost("out", "example.org", "[127.0.0.41]:" + host.address().getPort())
        .protocolLoggingLevel(dev.sluice.routing.model.ProtocolLoggingLevel.VERBOSE).build());

    submit(node, "a@client.test", List.of("x@example.org"), "");

    await().atMost(Duration.ofSeconds(20)).until(() -> host.received().size() == 1 && node.spool().ids().isEmpty());
    assertThat(host.received().get(0).recipients()).containsExactly("x@example.org");
    String tracking = tracking();
    assertThat(tracking).contains(",DEFER,").contains("451 4.3.0 try again later");
    assertThat(tracking).contains(",SEND,").contains("250 2.0.0 queued as Q2");

    String metrics = scrape(node);
    assertThat(metrics).contains("sluice_messages_delivered_total{connector=\"out\"} 1.0")
        .contains("sluice_messages_deferred_total{connector=\"out\"} 1.0")
        .containsPattern("sluice_delivery_duration_seconds_bucket\\{le=\"[0-9.]+\"\\} 1")
        .contains("sluice_delivery_duration_seconds_count 1")
        .contains("sluice_smtp_client_connections_active 0.0")
        .contains("sluice_queue_messages{connector=\"\",delivery_type=\"Unreachable\"} 0.0");
    // Verbose: both sessions in the send protocol log, in Exchange's layout.
    try (var logs = Files.list(data.resolve("protocol-log").resolve("send"))) {
      String log = Files.readString(logs.findFirst().orElseThrow());
      assertThat(log).startsWith("#Software: Sluice").contains("#Log-type: SMTP Send Protocol Log")
          .contains("#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context")
          .contains(",out,").contains(",+,").contains(",>,MAIL FROM:<a@client.test>").contains(",<,451 4.3.0 try again later")
          .contains(",<,250 2.0.0 queued as Q2").contains(",-,");
    }
  }

  private static String scrape(TransportNode node) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI uri = java.net.URI.create("http://" + NODE + ":" + node.metricsAddress().getPort() + "/metrics");
    return http.send(java.net.http.HttpRequest.newBuilder(uri).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void mailReceivedOnALinkedReceiveConnectorLeavesThroughItsSendConnectorBypassingSelection() throws Exception {
    TransportNode node = start(FAST);
    ScriptedSmtpServer selected = server("127.0.0.41");
    ScriptedSmtpServer hygiene = server("127.0.0.42");
    route(node, "example.org", smartHost("out", "example.org", "[127.0.0.41]:" + selected.address().getPort()).build());
    // Its address space matches nothing sent here; only the link brings mail to it.
    route(node, "other.example", smartHost("hygiene", "other.example", "[127.0.0.42]:" + hygiene.address().getPort())
        .linkedReceiveConnector("Default " + NodeConfig.EMBEDDED_SERVER_NAME)
        .maxMessageSize(dev.sluice.routing.model.MaxMessageSize.UNLIMITED).build());

    submit(node, "a@client.test", List.of("x@example.org"), "");

    await().atMost(Duration.ofSeconds(20)).until(() -> hygiene.received().size() == 1 && node.spool().ids().isEmpty());
    assertThat(selected.received()).isEmpty();
  }

  @Test
  void aQueueWhoseConnectorIsRemovedIsRoutedAgainThroughTheOneThatTakesItsPlace() throws Exception {
    TransportNode node = start(FAST);
    int down = LoopbackNode.freePort("127.0.0.42");
    route(node, "example.org", smartHost("old", "example.org", "[127.0.0.42]:" + down).build());
    submit(node, "a@client.test", List.of("x@example.org"), "");
    await().atMost(Duration.ofSeconds(20)).until(() -> queueOf(node, "old")
        .filter(q -> q.status() == QueueStatus.RETRY).isPresent());

    ScriptedSmtpServer replacement = server("127.0.0.41");
    route(node, "example.org", smartHost("new", "example.org", "[127.0.0.41]:" + replacement.address().getPort()).build());
    node.directory().directory().remove(ObjectKind.SEND_CONNECTOR, "old");

    await().atMost(Duration.ofSeconds(20)).until(() -> replacement.received().size() == 1 && node.spool().ids().isEmpty());
    assertThat(queueOf(node, "old")).isEmpty();
  }

  @Test
  void aRecipientWithoutARouteWaitsInTheUnreachableQueueUntilAConnectorAppears() throws Exception {
    TransportNode node = start(FAST);
    Directory directory = node.directory().directory();
    directory.create(ObjectKind.ACCEPTED_DOMAIN, new AcceptedDomain("example.org", "example.org",
        AcceptedDomainType.AUTHORITATIVE));
    await().atMost(Duration.ofSeconds(10)).until(() -> node.directory().snapshot()
        .filter(s -> s.config().acceptedDomains().size() == 2).isPresent());
    submit(node, "a@client.test", List.of("x@example.org"), "");
    String unreachable = NodeConfig.EMBEDDED_SERVER_NAME + "\\Unreachable";
    await().atMost(Duration.ofSeconds(10)).until(() -> node.queues().queues().stream()
        .anyMatch(q -> q.identity().equals(unreachable) && q.messageCount() == 1));
    assertThat(node.queues().messages(Optional.of(unreachable))).singleElement()
        .satisfies(m -> assertThat(m.lastError()).get().asString().contains("x@example.org"));

    ScriptedSmtpServer host = server("127.0.0.41");
    route(node, "example.org", smartHost("out", "example.org", "[127.0.0.41]:" + host.address().getPort()).build());
    await().atMost(Duration.ofSeconds(20)).until(() -> host.received().size() == 1 && node.spool().ids().isEmpty());
  }

  @Test
  void aRecipientDeliveredBeforeARestartIsNotDeliveredAgain() throws Exception {
    TransportNode node = start(FAST);
    ScriptedSmtpServer host = server("127.0.0.41").rcpt(r -> r.startsWith("later@") ? "451 4.2.0 busy" : "250 2.1.5 ok");
    route(node, "example.org", smartHost("out", "example.org", "[127.0.0.41]:" + host.address().getPort()).build());
    submit(node, "a@client.test", List.of("now@example.org", "later@example.org"), "");
    await().atMost(Duration.ofSeconds(20)).until(() -> host.received().size() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> tracking().contains(",DEFER,"));
    node.close();
    open.remove(node);

    host.rcpt(r -> "250 2.1.5 ok");
    TransportNode again = start(FAST);
    await().atMost(Duration.ofSeconds(30)).until(() -> host.received().size() == 2 && again.spool().ids().isEmpty());
    assertThat(host.received().get(0).recipients()).containsExactly("now@example.org");
    assertThat(host.received().get(1).recipients()).containsExactly("later@example.org");
  }

  @Test
  void aRecipientRefusedWith5xxFailsWithADsnWhileTheOthersAreDelivered() throws Exception {
    TransportNode node = start(FAST);
    ScriptedSmtpServer senders = sendersServer(node);
    ScriptedSmtpServer host = server("127.0.0.41")
        .rcpt(r -> r.startsWith("nobody@") ? "550 5.1.1 no such user" : "250 2.1.5 ok");
    route(node, "example.org", smartHost("out", "example.org", "[127.0.0.41]:" + host.address().getPort()).build());

    submit(node, "a@client.test", List.of("x@example.org", "nobody@example.org"), "");

    await().atMost(Duration.ofSeconds(20)).until(() -> host.received().size() == 1 && node.spool().ids().isEmpty());
    assertThat(host.received().get(0).recipients()).containsExactly("x@example.org");
    assertThat(tracking()).contains(",FAIL,").contains("nobody@example.org,,550 5.1.1 no such user,127.0.0.41");

    // The sender hears about the one that failed, from <>, in an RFC 3464 report, and only once.
    await().atMost(Duration.ofSeconds(20)).until(() -> senders.received().size() == 1 && node.spool().ids().isEmpty());
    ScriptedSmtpServer.Received dsn = senders.received().get(0);
    assertThat(dsn.sender()).isEmpty();
    assertThat(dsn.recipients()).containsExactly("a@client.test");
    assertThat(dsn.content()).contains("multipart/report").contains("report-type=delivery-status")
        .contains("Final-Recipient: rfc822; nobody@example.org").contains("Action: failed").contains("Status: 5.1.1")
        .contains("Diagnostic-Code: smtp; 550 5.1.1 no such user").doesNotContain("Final-Recipient: rfc822; x@example.org");
    assertThat(tracking()).contains(",DSN,");
  }

  @Test
  void aSmartHostThatIsDownKeepsTheMessageInRetryUntilItComesUp() throws Exception {
    TransportNode node = start(FAST);
    int port = LoopbackNode.freePort("127.0.0.42");
    route(node, "example.org", smartHost("out", "example.org", "[127.0.0.42]:" + port).build());

    submit(node, "a@client.test", List.of("x@example.org"), "");

    await().atMost(Duration.ofSeconds(20)).until(() -> queueOf(node, "out")
        .filter(q -> q.status() == QueueStatus.RETRY && q.lastError().isPresent() && q.messageCount() == 1).isPresent());
    assertThat(node.spool().ids()).hasSize(1);
    ScriptedSmtpServer host = server("127.0.0.42", port);
    await().atMost(Duration.ofSeconds(20)).until(() -> host.received().size() == 1 && node.spool().ids().isEmpty());
  }

  @Test
  void theNextSmartHostTakesOverAtOnceWhenTheFirstCannotBeReached() throws Exception {
    TransportNode node = start(FAST);
    int down = LoopbackNode.freePort("127.0.0.42");
    ScriptedSmtpServer second = server("127.0.0.41");
    route(node, "example.org", smartHost("out", "example.org", "[127.0.0.42]:" + down,
        "[127.0.0.41]:" + second.address().getPort()).build());

    submit(node, "a@client.test", List.of("x@example.org"), "");

    await().atMost(Duration.ofSeconds(10)).until(() -> second.received().size() == 1 && node.spool().ids().isEmpty());
    assertThat(tracking()).doesNotContain(",DEFER,");
  }

  @Test
  void mxHostsAreTriedInPreferenceOrderAndAllDownMeansRetryNotBounce() throws Exception {
    TransportNode node = start(FAST);
    int port = LoopbackNode.freePort("127.0.0.44");
    ScriptedSmtpServer backup = server("127.0.0.44", port);
    dns.add("""
        example.net. 60 MX 10 mx1.example.net.
        example.net. 60 MX 20 mx2.example.net.
        mx1.example.net. 60 A 127.0.0.43
        mx2.example.net. 60 A 127.0.0.44
        down.example. 60 MX 10 mx1.example.net.
        """);
    route(node, "example.net", SendConnector.builder("internet").addressSpaces("SMTP:example.net;1")
        .sourceTransportServers(NodeConfig.EMBEDDED_SERVER_NAME).dnsRoutingEnabled(true).port(port).build());
    route(node, "down.example", SendConnector.builder("internet down").addressSpaces("SMTP:down.example;1")
        .sourceTransportServers(NodeConfig.EMBEDDED_SERVER_NAME).dnsRoutingEnabled(true).port(port).build());

    // mx1 (127.0.0.43) takes no connections: mx2 does, at once.
    submit(node, "a@client.test", List.of("x@example.net"), "");
    await().atMost(Duration.ofSeconds(10)).until(() -> backup.received().size() == 1);

    // Every MX host of down.example is down: the queue retries and keeps the message.
    submit(node, "a@client.test", List.of("y@down.example"), "");
    await().atMost(Duration.ofSeconds(20)).until(() -> queueOf(node, "internet down")
        .filter(q -> q.status() == QueueStatus.RETRY && q.nextRetryTime().isPresent()
            && q.lastError().orElse("").contains("mx1.example.net")).isPresent());
    assertThat(node.spool().ids()).hasSize(1);
    assertThat(tracking()).doesNotContain(",FAIL,");
  }

  @Test
  void aMessageThatCannotBeDeliveredExpiresWithA447Failure() throws Exception {
    NodeConfig.Queue expiring = new NodeConfig.Queue(1, Duration.ofMillis(200), 1, Duration.ofMillis(200),
        Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(3), 4,
        Duration.ofSeconds(5));
    TransportNode node = start(expiring);
    ScriptedSmtpServer senders = sendersServer(node);
    int port = LoopbackNode.freePort("127.0.0.42");
    route(node, "example.org", smartHost("out", "example.org", "[127.0.0.42]:" + port).build());

    submit(node, "a@client.test", List.of("x@example.org"), "");

    // A delay notice after one second, then the failure after three: two reports, and the spool empty.
    await().atMost(Duration.ofSeconds(20)).until(() -> senders.received().size() == 2 && node.spool().ids().isEmpty());
    assertThat(tracking()).contains(",FAIL,").contains("x@example.org,,4.4.7 the message expired after 00:00:03");
    assertThat(senders.received().get(0).content()).contains("Action: delayed").contains("Will-Retry-Until:");
    assertThat(senders.received().get(1).content()).contains("Action: failed").contains("Status: 4.4.7");
  }

  @Test
  void aHundredRecipientsOverTenDomainsGoOutOncePerDomain() throws Exception {
    TransportNode node = start(FAST);
    int port = LoopbackNode.freePort("127.0.0.45");
    ScriptedSmtpServer mx = server("127.0.0.45", port);
    List<String> recipients = new ArrayList<>();
    for (int d = 0; d < 10; d++) {
      String domain = "d" + d + ".example";
      dns.add(domain + ". 60 MX 10 mx." + domain + ".\nmx." + domain + ". 60 A 127.0.0.45");
      route(node, domain, SendConnector.builder("to " + domain).addressSpaces("SMTP:" + domain + ";1")
          .sourceTransportServers(NodeConfig.EMBEDDED_SERVER_NAME).dnsRoutingEnabled(true).port(port).build());
      for (int r = 0; r < 10; r++) {
        recipients.add("user" + r + "@" + domain);
      }
    }

    submit(node, "a@client.test", recipients, "");

    await().atMost(Duration.ofSeconds(30)).until(() -> mx.received().size() == 10 && node.spool().ids().isEmpty());
    for (ScriptedSmtpServer.Received message : mx.received()) {
      String domain = message.recipients().get(0).substring(message.recipients().get(0).indexOf('@') + 1);
      assertThat(message.recipients()).hasSize(10).allMatch(r -> r.endsWith("@" + domain));
    }
    assertThat(mx.received().stream().flatMap(m -> m.recipients().stream())).containsExactlyInAnyOrderElementsOf(recipients);
  }

  @Test
  void theHeaderFirewallStripsWhatTheSessionsPrincipalMayNotSendForEachUsageType() throws Exception {
    TransportNode node = start(FAST);
    ScriptedSmtpServer host = server("127.0.0.41");
    String smart = "[127.0.0.41]:" + host.address().getPort();
    // Custom with None: Anonymous holds no right. Internet: Anonymous may send Received (routing) headers only.
    // Internal with ExternalAuthoritative: ExternallySecuredServers hold every header right.
    route(node, "custom.example", usage(smartHost("custom", "custom.example", smart), UsageType.CUSTOM,
        SmartHostAuthMechanism.NONE));
    route(node, "internet.example", usage(smartHost("internet", "internet.example", smart), UsageType.INTERNET,
        SmartHostAuthMechanism.NONE));
    route(node, "internal.example", usage(smartHost("internal", "internal.example", smart), UsageType.INTERNAL,
        SmartHostAuthMechanism.EXTERNAL_AUTHORITATIVE));
    String headers = "X-MS-Exchange-Organization-SCL: -1\r\nX-MS-Exchange-Forest-RulesExecuted: hub1\r\n";

    for (String domain : List.of("custom.example", "internet.example", "internal.example")) {
      submit(node, "a@client.test", List.of("x@" + domain), headers);
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> host.received().size() == 3 && node.spool().ids().isEmpty());
    UnaryOperator<String> contentFor = domain -> host.received().stream()
        .filter(m -> m.recipients().get(0).endsWith(domain)).findFirst().orElseThrow().content();
    assertThat(contentFor.apply("custom.example")).doesNotContain("Received:").doesNotContain("X-MS-Exchange-Organization-")
        .doesNotContain("X-MS-Exchange-Forest-").contains("Subject: delivery test");
    assertThat(contentFor.apply("internet.example")).contains("Received: from client.test")
        .doesNotContain("X-MS-Exchange-Organization-").doesNotContain("X-MS-Exchange-Forest-");
    assertThat(contentFor.apply("internal.example")).contains("Received: from client.test")
        .contains("X-MS-Exchange-Organization-SCL: -1").contains("X-MS-Exchange-Forest-RulesExecuted: hub1");
  }

  /** The node's admin endpoint, as the CLI's queue verbs reach it (signed with the cluster key). */
  private dev.sluice.node.admin.AdminClient admin() {
    return new dev.sluice.node.admin.AdminClient(config.admin().listen(),
        dev.sluice.directory.secrets.ClusterKey.load(config.clusterKeyFile()), Clock.systemUTC(), Duration.ofSeconds(10));
  }

  @Test
  void aSuspendedQueueHoldsItsMessagesUntilResumedThroughTheAdminEndpoint() throws Exception {
    TransportNode node = start(FAST);
    int port = LoopbackNode.freePort("127.0.0.42");
    route(node, "example.org", smartHost("out", "example.org", "[127.0.0.42]:" + port).build());
    submit(node, "a@client.test", List.of("x@example.org"), "");
    await().atMost(Duration.ofSeconds(20)).until(() -> queueOf(node, "out").isPresent());
    String identity = queueOf(node, "out").orElseThrow().identity();
    assertThat(identity).startsWith(NodeConfig.EMBEDDED_SERVER_NAME + "\\");

    dev.sluice.node.admin.AdminClient admin = admin();
    assertThat(admin.queues()).extracting(QueueInfo::identity)
        .contains(identity, NodeConfig.EMBEDDED_SERVER_NAME + "\\Unreachable", NodeConfig.EMBEDDED_SERVER_NAME + "\\Poison");
    assertThat(admin.suspend(identity).status()).isEqualTo(QueueStatus.SUSPENDED);
    ScriptedSmtpServer host = server("127.0.0.42", port);
    assertThat(admin.retry(identity).status()).isEqualTo(QueueStatus.SUSPENDED);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> host.received().isEmpty());
    assertThat(admin.messages(Optional.of(identity))).singleElement()
        .satisfies(m -> assertThat(m.recipients()).containsExactly("x@example.org"));

    // The operator's view through the CLI verbs, which find the node's admin endpoint through its registration.
    assertThat(cli("get-queue", "--format", "json")).contains("\"identity\" : \"" + identity.replace("\\", "\\\\"))
        .contains("Suspended");
    assertThat(cli("get-message", "--queue", identity)).contains("x@example.org");
    assertThat(cli("resume-queue", "--identity", identity)).doesNotContain("Suspended");
    await().atMost(Duration.ofSeconds(20)).until(() -> host.received().size() == 1 && node.spool().ids().isEmpty());
    assertThat(IntStream.of(host.sessions())).allMatch(n -> n >= 1);
  }

  // ---- the sending rows of the reliability catalogue (rows 52, F17 to F21, F23, F24, F26, F27) ----

  /** FAST with a one-second reply timeout (queue.reply-timeout), for hosts that say nothing. */
  private static final NodeConfig.Queue IMPATIENT = new NodeConfig.Queue(2, Duration.ofMillis(300), 2,
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(400), Duration.ofMinutes(10), Duration.ofMinutes(20),
      4, Duration.ofSeconds(1));

  @Test
  void hostsThatGreetWith554Or421OrNotAtAllArePassedOverAndNeverSeeTheEnvelope() throws Exception {
    TransportNode node = start(IMPATIENT);
    ScriptedSmtpServer refusing = server("127.0.0.41").greeting(n -> "554 5.7.1 no service here");
    ScriptedSmtpServer busy = server("127.0.0.42").greeting(n -> "421 4.3.2 busy");
    ScriptedSmtpServer blackhole = server("127.0.0.43").greeting(n -> null);
    ScriptedSmtpServer good = server("127.0.0.44");
    route(node, "example.org", smartHost("out", "example.org", "[127.0.0.41]:" + refusing.address().getPort(),
        "[127.0.0.42]:" + busy.address().getPort(), "[127.0.0.43]:" + blackhole.address().getPort(),
        "[127.0.0.44]:" + good.address().getPort()).build());
    long start = System.nanoTime();

    submit(node, "a@client.test", List.of("x@example.org"), "");

    await().atMost(Duration.ofSeconds(15)).until(() -> good.received().size() == 1 && node.spool().ids().isEmpty());
    // Past the blackhole after the reply timeout (1 s here, 5 minutes by default), not the 30 s it would hold on.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(refusing.received()).isEmpty();
    assertThat(busy.received()).isEmpty();
    assertThat(blackhole.received()).isEmpty();
    // The blackhole's connection was closed by the node, not left open.
    await().atMost(Duration.ofSeconds(5)).until(() -> blackhole.endedSessions() == blackhole.sessions());
    assertThat(tracking()).doesNotContain(",FAIL,").doesNotContain(",DSN,");
  }

  @Test
  void aSmartHostThatClosesAfterTheEndOfDataWithoutAReplyGetsTheMessageAgain() throws Exception {
    TransportNode node = start(FAST);
    ScriptedSmtpServer host = server("127.0.0.41").data(n -> n == 1 ? "CLOSE" : "250 2.0.0 queued as Q" + n);
    route(node, "example.org", smartHost("out", "example.org", "[127.0.0.41]:" + host.address().getPort()).build());

    submit(node, "a@client.test", List.of("x@example.org"), "");

    await().atMost(Duration.ofSeconds(20)).until(() -> host.received().size() == 1 && node.spool().ids().isEmpty());
    // The first copy may have been kept by the server: the duplicate window RFC 1047 describes, never a loss.
    assertThat(tracking()).contains(",DEFER,").contains("was closed").contains("250 2.0.0 queued as Q2")
        .doesNotContain(",FAIL,");
  }

  @Test
  void aRecipientDeferredAtRcptIsTriedAgainAloneAndTheOtherIsDeliveredOnce() throws Exception {
    TransportNode node = start(FAST);
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    ScriptedSmtpServer host = server("127.0.0.41").rcpt(r -> r.startsWith("later@") && asked.incrementAndGet() == 1
        ? "450 4.2.0 greylisted, try again" : "250 2.1.5 ok");
    route(node, "example.org", smartHost("out", "example.org", "[127.0.0.41]:" + host.address().getPort()).build());

    submit(node, "a@client.test", List.of("x@example.org", "later@example.org"), "");

    await().atMost(Duration.ofSeconds(20)).until(() -> host.received().size() == 2 && node.spool().ids().isEmpty());
    assertThat(host.received()).extracting(ScriptedSmtpServer.Received::recipients)
        .containsExactly(List.of("x@example.org"), List.of("later@example.org"));
    assertThat(tracking()).contains("450 4.2.0 greylisted").doesNotContain(",FAIL,");
  }

  @Test
  void aStalledDestinationHoldsAtMostItsOwnConnectionsAndAnotherDestinationIsServedAtOnce() throws Exception {
    TransportNode node = start(FAST);
    ScriptedSmtpServer stalled = server("127.0.0.41").greeting(n -> null);
    ScriptedSmtpServer healthy = server("127.0.0.42");
    route(node, "slow.example", smartHost("slow", "slow.example", "[127.0.0.41]:" + stalled.address().getPort()).build());
    route(node, "fast.example", smartHost("fast", "fast.example", "[127.0.0.42]:" + healthy.address().getPort()).build());
    for (int i = 0; i < 6; i++) {
      submit(node, "a@client.test", List.of("m" + i + "@slow.example"), "");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> stalled.sessions() >= 1);

    submit(node, "a@client.test", List.of("y@fast.example"), "");

    // The stalled host holds its sessions for the reply timeout (10 s here); fast.example does not wait for it.
    await().atMost(Duration.ofSeconds(5)).until(() -> healthy.received().size() == 1);
    assertThat(stalled.sessions()).isLessThanOrEqualTo(FAST.maxPerDomainConnections());
    assertThat(stalled.received()).isEmpty();
  }

  @Test
  void aDnsFailureWaitsAndANullMxOrAMissingDomainFailsAtOnceWithADsn() throws Exception {
    TransportNode node = start(FAST);
    ScriptedSmtpServer senders = sendersServer(node);
    dns.failing("broken.example.").add("null.example. 60 MX 0 .");
    for (String domain : List.of("broken.example", "null.example", "nowhere.example")) {
      route(node, domain, SendConnector.builder("to " + domain).addressSpaces("SMTP:" + domain + ";1")
          .sourceTransportServers(NodeConfig.EMBEDDED_SERVER_NAME).dnsRoutingEnabled(true).build());
    }

    submit(node, "a@client.test", List.of("x@broken.example", "y@null.example", "z@nowhere.example"), "");

    // Two failures on two queues: a DSN each, both delivered; only the message waiting for broken.example stays.
    await().atMost(Duration.ofSeconds(20)).until(() -> senders.received().size() == 2 && node.spool().ids().size() == 1
        && queueOf(node, "to broken.example").filter(q -> q.status() == QueueStatus.RETRY).isPresent());
    String tracking = tracking();
    assertThat(tracking).contains("y@null.example,,\"5.1.10 ").contains("z@nowhere.example,,5.1.2 ")
        .doesNotContain("x@broken.example,,5");
    assertThat(node.spool().ids()).hasSize(1);
    assertThat(queueOf(node, "to broken.example").orElseThrow().lastError().orElse("")).contains("SERVFAIL");
  }

  /** A clock that a test steps, as NTP steps the system clock. */
  private static final class SteppedClock extends Clock {
    private final java.util.concurrent.atomic.AtomicReference<Duration> offset =
        new java.util.concurrent.atomic.AtomicReference<>(Duration.ZERO);

    void step(Duration by) {
      offset.updateAndGet(o -> o.plus(by));
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.now().plus(offset.get());
    }
  }

  private long defers() throws Exception {
    return tracking().lines().filter(l -> l.contains(",DEFER,")).count();
  }

  @Test
  void aClockSteppedAnHourForwardOrBackCausesNeitherARetryStormNorAnExpiryNorAStall() throws Exception {
    // Retries every 3 s; delay notice after 4 hours, expiry after 2 days, as Exchange's are.
    NodeConfig.Queue queue = new NodeConfig.Queue(15, Duration.ofSeconds(3), 2, Duration.ofSeconds(3),
        Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofHours(4), Duration.ofDays(2), 4, Duration.ofSeconds(5));
    SteppedClock clock = new SteppedClock();
    TransportNode node = start(queue, clock);
    ScriptedSmtpServer senders = sendersServer(node);
    int port = LoopbackNode.freePort("127.0.0.42");
    route(node, "example.org", smartHost("out", "example.org", "[127.0.0.42]:" + port).build());
    submit(node, "a@client.test", List.of("x@example.org"), "");
    await().atMost(Duration.ofSeconds(20)).until(() -> defers() >= 1);

    clock.step(Duration.ofHours(1));

    // At most one early retry in the next 2.5 s (the schedule gives at most one in 3 s), no report, no expiry.
    long before = defers();
    await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() -> defers() <= before + 1);
    assertThat(senders.received()).isEmpty();
    assertThat(node.spool().ids()).hasSize(1);

    // Back an hour, after a retry was planned by the forward clock: the queue must not wait that hour.
    await().atMost(Duration.ofSeconds(10)).until(() -> defers() > before);
    ScriptedSmtpServer host = server("127.0.0.42", port);
    clock.step(Duration.ofHours(-1));

    await().atMost(Duration.ofSeconds(15)).until(() -> host.received().size() == 1 && node.spool().ids().isEmpty());
    assertThat(senders.received()).isEmpty();
  }

  @Test
  void messagesQueuedOnADeletedConnectorAreRoutedAgainAndAnEditedConnectorIsUsedAsEdited() throws Exception {
    TransportNode node = start(FAST);
    int down = LoopbackNode.freePort("127.0.0.42");
    ScriptedSmtpServer backup = server("127.0.0.43");
    ScriptedSmtpServer moved = server("127.0.0.44");
    route(node, "example.org", smartHost("out", "example.org", "[127.0.0.42]:" + down).build());
    route(node, "example.org", SendConnector.builder("backup").addressSpaces("SMTP:example.org;5")
        .sourceTransportServers(NodeConfig.EMBEDDED_SERVER_NAME).dnsRoutingEnabled(false)
        .smartHosts("[127.0.0.43]:" + backup.address().getPort()).build());
    route(node, "example.com", smartHost("edited", "example.com", "[127.0.0.42]:" + down).build());
    submit(node, "a@client.test", List.of("x@example.org", "y@example.com"), "");
    await().atMost(Duration.ofSeconds(20)).until(() -> queueOf(node, "out").filter(q -> q.status() == QueueStatus.RETRY)
        .isPresent() && queueOf(node, "edited").filter(q -> q.status() == QueueStatus.RETRY).isPresent());

    Directory directory = node.directory().directory();
    directory.remove(ObjectKind.SEND_CONNECTOR, "out");
    directory.update(ObjectKind.SEND_CONNECTOR, "edited",
        c -> c.toBuilder().smartHosts("[127.0.0.44]:" + moved.address().getPort()).build());

    await().atMost(Duration.ofSeconds(20)).until(() -> backup.received().size() == 1 && moved.received().size() == 1
        && node.spool().ids().isEmpty());
    assertThat(backup.received().get(0).recipients()).containsExactly("x@example.org");
    assertThat(moved.received().get(0).recipients()).containsExactly("y@example.com");
    assertThat(tracking()).doesNotContain(",FAIL,");
  }
}
