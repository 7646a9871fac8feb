package dev.sluice.node.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.directory.ObjectKind;
import dev.sluice.node.cli.SluiceCommand;
import dev.sluice.node.config.HostPort;
import dev.sluice.node.config.NodeConfig;
import dev.sluice.node.delivery.queue.QueueInfo;
import dev.sluice.node.delivery.queue.QueueStatus;
import dev.sluice.node.lifecycle.LoopbackNode;
import dev.sluice.node.lifecycle.TransportNode;
import dev.sluice.node.smtp.client.SmtpClient;
import dev.sluice.node.smtp.receive.RecordingSink;
import dev.sluice.node.smtp.receive.TestPolicy;
import dev.sluice.node.smtp.server.SmtpServer;
import dev.sluice.node.smtp.server.SmtpServerSettings;
import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.AcceptedDomainType;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * TLS and authentication on the way out, against the node's own SMTP server class as the peer (with a certificate
 * made at test time): RequireTLS to a server without STARTTLS defers and never sends in clear; BasicAuthRequireTLS
 * to a smart host whose certificate lacks the configured name defers (4.7.5); to the right one it authenticates
 * with the credential the CLI sealed, inside TLS, and delivers.
 */
class SecureDeliveryIT {
  private static final String NODE = "127.0.0.50";
  private static final Pattern ZOOKEEPER = Pattern.compile("ZooKeeper (\\S+) ");
  private static final NodeConfig.Queue FAST = new NodeConfig.Queue(2, Duration.ofMillis(300), 2, Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(400), Duration.ofMinutes(10), Duration.ofMinutes(20), 4, Duration.ofSeconds(10));

  private static X509Bundle ca;
  private static SslContext rightName;
  private static SslContext wrongName;

  @TempDir Path data;
  private TestDnsServer dns;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final MultiThreadIoEventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @BeforeAll
  static void certificates() throws Exception {
    ca = new CertificateBuilder().subject("CN=Delivery Test CA").setIsCertificateAuthority(true).ecp256().buildSelfSigned();
    rightName = server(ca, "smart.example");
    wrongName = server(ca, "someone-else.example");
  }

  private static SslContext server(X509Bundle ca, String name) throws Exception {
    X509Bundle cert = new CertificateBuilder().subject("CN=" + name).addSanDnsName(name).ecp256()
        .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
    return SslContextBuilder.forServer(cert.getKeyPair().getPrivate(), cert.getCertificatePath()).build();
  }

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

  private TransportNode start() throws Exception {
    Path trust = data.resolve("ca.pem");
    Files.writeString(trust, ca.getCertificatePEM());
    NodeConfig base = LoopbackNode.config(data, NODE, new NodeConfig.Smtp.Tls(Optional.empty(), Optional.empty(),
        Optional.of(trust)));
    InetSocketAddress resolver = dns.address();
    NodeConfig config = new NodeConfig(base.server(), base.zooKeeper(), base.smtp(), base.admin(), base.metrics(),
        base.spool(), new NodeConfig.Dns(List.of(new HostPort(resolver.getHostString(), resolver.getPort())), List.of()),
        base.limits(), FAST);
    TransportNode node = TransportNode.start(config, true, data.resolve("drop"), Clock.systemUTC(),
        new PrintStream(console, true, StandardCharsets.UTF_8));
    open.add(node);
    await().atMost(Duration.ofSeconds(30)).until(() -> node.directory().snapshot().isPresent());
    node.directory().directory().create(ObjectKind.ACCEPTED_DOMAIN,
        new AcceptedDomain("example.org", "example.org", AcceptedDomainType.INTERNAL_RELAY));
    return node;
  }

  private RecordingSink tlsPeer(String host, int port, SslContext tls) throws Exception {
    RecordingSink sink = new RecordingSink();
    SmtpServer server = new SmtpServer(SmtpServerSettings.defaults(host), Optional.of(tls),
        connection -> TestPolicy.standard(), sink);
    server.start(List.of(new InetSocketAddress(host, port)));
    open.add(server);
    return sink;
  }

  /** Creates a Send connector through the CLI, as an operator would (credentials sealed with the cluster key). */
  private void newConnector(String... options) throws Exception {
    Matcher m = ZOOKEEPER.matcher(console.toString(StandardCharsets.UTF_8));
    assertThat(m.find()).as("the node names its ZooKeeper").isTrue();
    List<String> args = new ArrayList<>(List.of("new-sendconnector", "--zookeeper", m.group(1),
        "--cluster-key-file", data.resolve("cluster.key").toString(), "--address-spaces", "SMTP:example.org;1",
        "--source-transport-servers", NodeConfig.EMBEDDED_SERVER_NAME, "--dns-routing-enabled", "false"));
    args.addAll(List.of(options));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = SluiceCommand.commandLine();
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setOut(new java.io.PrintWriter(new ByteArrayOutputStream(), true));
    assertThat(cli.execute(args.toArray(String[]::new))).as(err.toString(StandardCharsets.UTF_8)).isZero();
  }

  private void submit(TransportNode node) throws Exception {
    byte[] content = "From: <a@client.test>\r\nSubject: secure\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(new SmtpClient(loops, "client.test", false, Duration.ofSeconds(10))
        .send(node.smtpAddress(), new SmtpClient.Message("a@client.test", List.of("x@example.org"), content)).get()
        .values()).allMatch(SmtpClient.Reply::isSuccess);
  }

  private static Optional<QueueInfo> queue(TransportNode node) {
    return node.queues().queues().stream().filter(q -> q.connector().equals("secure")).findFirst();
  }

  @Test
  void requireTlsToAServerWithoutStarttlsDefersAndNeverSendsInClear() throws Exception {
    TransportNode node = start();
    ScriptedSmtpServer plain = new ScriptedSmtpServer("127.0.0.51");
    open.add(plain);
    newConnector("--name", "secure", "--smart-hosts", "[127.0.0.51]:" + plain.address().getPort(), "--require-tls");

    submit(node);

    await().atMost(Duration.ofSeconds(20)).until(() -> queue(node)
        .filter(q -> q.status() == QueueStatus.RETRY && q.lastError().orElse("").contains("4.7.10")).isPresent());
    assertThat(plain.received()).isEmpty();
    assertThat(node.spool().ids()).hasSize(1);
  }

  @Test
  void aSmartHostWhoseCertificateLacksItsNameDefersAndTheRightOneTakesTheLoginInsideTls() throws Exception {
    TransportNode node = start();
    int port = LoopbackNode.freePort("127.0.0.51");
    dns.add("smart.example. 60 A 127.0.0.51");
    RecordingSink impostor = tlsPeer("127.0.0.51", port, wrongName);
    Path password = data.resolve("password");
    Files.writeString(password, "secret\n");
    newConnector("--name", "secure", "--smart-hosts", "smart.example:" + port,
        "--smart-host-auth-mechanism", "BasicAuthRequireTLS", "--auth-username", "alice",
        "--auth-password-file", password.toString());

    submit(node);

    await().atMost(Duration.ofSeconds(20)).until(() -> queue(node)
        .filter(q -> q.status() == QueueStatus.RETRY && q.lastError().orElse("").contains("4.7.5")).isPresent());
    assertThat(impostor.received()).isEmpty();

    // The impostor goes; the real smart host, with smart.example in its certificate, takes its place.
    open.remove(open.size() - 1).close();
    RecordingSink real = tlsPeer("127.0.0.51", port, rightName);
    await().atMost(Duration.ofSeconds(20)).until(() -> real.received().size() == 1 && node.spool().ids().isEmpty());
    assertThat(real.received().get(0).envelope().session().tlsActive()).isTrue();
    assertThat(real.received().get(0).envelope().session().identity()).isPresent();
  }
}
