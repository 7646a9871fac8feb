package dev.sluice.it;

import static dev.sluice.it.ClusterMail.lines;
import static dev.sluice.it.ClusterMail.tracking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.directory.Directory;
import dev.sluice.directory.EdgeSyncConnectors;
import dev.sluice.directory.ObjectKind;
import dev.sluice.node.config.HostPort;
import dev.sluice.node.config.NodeConfig;
import dev.sluice.node.delivery.ScriptedSmtpServer;
import dev.sluice.node.delivery.TestDnsServer;
import dev.sluice.node.lifecycle.LoopbackNode;
import dev.sluice.node.lifecycle.TransportNode;
import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveLimits;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.SmartHost;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.UsageType;
import dev.sluice.routing.validate.UsageDefaults;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Edge with in-process nodes on one ensemble: {@code new-edgesubscription} (the CLI verb) storing the two
 * EdgeSync connectors at once; mail from the Internet accepted by the Edge for an accepted domain and passed to
 * the live hubs of its site, which deliver it to a sink standing for the mailbox system; Internet mail from a hub
 * going out through the Edge, which finds the MX host in a DNS server on loopback. And the reference's
 * unsubscribed Edge (a directory of its own) sending to the hubs through a manual Custom connector with
 * ExternalAuthoritative, the hub's Receive connector treating it as externally secured.
 */
class EdgeIT {
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
  private static Ensemble ensemble;

  @TempDir Path data;
  private Cluster cluster;
  private ClusterMail mail;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void ensemble() throws Exception {
    ensemble = new Ensemble();
  }

  @AfterAll
  static void closeEnsemble() throws Exception {
    ensemble.close();
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    mail.close();
  }

  private Cluster cluster(TestInfo test, String organization) {
    Cluster made = new Cluster(ensemble.connectString(),
        "/sluice-it/" + test.getTestMethod().orElseThrow().getName() + "/" + organization, data.resolve(organization),
        SESSION_TIMEOUT);
    open.add(made);
    System.out.println("EdgeIT: ZooKeeper session timeout " + SESSION_TIMEOUT.toMillis() + " ms");
    return made;
  }

  private <T extends AutoCloseable> T opened(T closeable) {
    open.add(closeable);
    return closeable;
  }

  private static TransportNode started(Cluster cluster, NodeConfig config) throws Exception {
    TransportNode node = cluster.start(config);
    await().atMost(Duration.ofSeconds(30)).until(() -> node.directory().snapshot().isPresent());
    return node;
  }

  /** Runs a CLI verb in-process against {@code cluster}'s directory; returns what it printed (exit code 0 required). */
  private static String cli(Cluster cluster, String root, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--zookeeper", cluster.connectString(), "--root", root));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cli = dev.sluice.node.cli.SluiceCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute(all.toArray(String[]::new))).as(err.toString()).isZero();
    return out.toString();
  }

  /** contoso.test accepted, and HUB1A's Custom connector for partner.test (outside the organization) to {@code partner}. */
  private static void toPartner(Directory directory, TransportNode hub, ScriptedSmtpServer partner) {
    ClusterMail.accept(directory, "contoso.test");
    InetSocketAddress at = partner.address();
    directory.create(ObjectKind.SEND_CONNECTOR, UsageDefaults.newConnector(SendConnector.builder("to partner")
        .addressSpaces("SMTP:partner.test;1").sourceTransportServers("HUB1A").dnsRoutingEnabled(false)
        .smartHosts("[" + at.getHostString() + "]:" + at.getPort()), Optional.of(UsageType.CUSTOM),
        Optional.of(SmartHostAuthMechanism.NONE)));
    ClusterMail.awaitConnector("to partner", hub);
  }

  private static String lastField(String line) {
    return line.substring(line.lastIndexOf(',') + 1);
  }

  private static SendConnector mailbox(String domain, ScriptedSmtpServer sink, String... sources) {
    return UsageDefaults.newConnector(SendConnector.builder("mailbox").addressSpaces("SMTP:" + domain + ";1")
        .sourceTransportServers(sources).dnsRoutingEnabled(false)
        .smartHosts("[" + sink.address().getHostString() + "]:" + sink.address().getPort()),
        Optional.of(UsageType.INTERNAL), Optional.of(SmartHostAuthMechanism.NONE));
  }

  /** A Receive connector of {@code server} on {@code smtp} for {@code remote}: ExternalAuthoritative, ExchangeServers. */
  private static ReceiveConnector externallySecured(String server, String name, InetSocketAddress smtp, String remote) {
    return new ReceiveConnector(server, name, List.of(new ReceiveConnector.Binding(smtp.getHostString(), smtp.getPort())),
        List.of(new ReceiveConnector.RemoteIpRange(remote)),
        Set.of(ReceiveConnector.ReceiveAuthMechanism.EXTERNAL_AUTHORITATIVE),
        Set.of(ReceiveConnector.PermissionGroup.EXCHANGE_SERVERS), Optional.empty(), true, ReceiveLimits.HUB_DEFAULTS);
  }

  @Test
  void anEdgeSubscriptionCarriesInternetMailInToTheLiveHubsOfItsSiteAndOutByMx(TestInfo test) throws Exception {
    String root = "/sluice-it/" + test.getTestMethod().orElseThrow().getName() + "/contoso";
    cluster = cluster(test, "contoso");
    mail = new ClusterMail();
    Directory directory = cluster.directory();
    directory.create(ObjectKind.SITE, Site.of("S1"));
    directory.create(ObjectKind.SITE, Site.of("S2"));
    directory.create(ObjectKind.SITE_LINK, SiteLink.of("S1-S2", 10, "S1", "S2"));
    TestDnsServer dns = opened(new TestDnsServer("127.0.3.27"));
    InetSocketAddress resolver = dns.address();
    NodeConfig.Dns viaTestDns = new NodeConfig.Dns(List.of(new HostPort(resolver.getHostString(), resolver.getPort())),
        List.of());
    NodeConfig c1a = cluster.config("HUB1A", ServerRole.HUB, "S1", "127.0.3.21");
    NodeConfig c1b = cluster.config("HUB1B", ServerRole.HUB, "S1", "127.0.3.22");
    NodeConfig cEdge = cluster.config("EDGE", ServerRole.EDGE, "S1", "127.0.3.25", viaTestDns);
    TransportNode hub1a = started(cluster, c1a);
    TransportNode hub1b = started(cluster, c1b);
    TransportNode hub2a = started(cluster, cluster.config("HUB2A", ServerRole.HUB, "S2", "127.0.3.23"));
    TransportNode edge = started(cluster, cEdge);

    String made = cli(cluster, root, "new-edgesubscription", "--edge-server", "EDGE", "--site", "S1");
    System.out.println("EdgeIT: new-edgesubscription printed:\n" + made);
    assertThat(directory.get(ObjectKind.EDGE_SUBSCRIPTION, "EDGE")).hasValueSatisfying(v ->
        assertThat(v.value()).isEqualTo(new EdgeSubscription("EDGE", "S1")));
    SendConnector toInternet = directory.get(ObjectKind.SEND_CONNECTOR, EdgeSyncConnectors.toInternetName("S1"))
        .orElseThrow().value();
    SendConnector inbound = directory.get(ObjectKind.SEND_CONNECTOR, EdgeSyncConnectors.inboundName("S1"))
        .orElseThrow().value();
    assertThat(toInternet.addressSpaces()).extracting(AddressSpace::toString).singleElement().asString().contains("*");
    assertThat(toInternet.dnsRoutingEnabled()).isTrue();
    assertThat(toInternet.sourceTransportServers()).containsExactly("EDGE");
    assertThat(inbound.addressSpaces()).extracting(AddressSpace::toString).singleElement().asString().contains("--");
    assertThat(inbound.smartHosts()).containsExactly(SmartHost.ORGANIZATION_HUBS);
    assertThat(inbound.sourceTransportServers()).containsExactly("EDGE");

    // The mailbox system: a sink behind a connector of the hubs (HUB2A of the other site among its sources).
    ScriptedSmtpServer mailboxes = opened(new ScriptedSmtpServer("127.0.3.26"));
    ClusterMail.accept(directory, "contoso.test");
    directory.create(ObjectKind.SEND_CONNECTOR, mailbox("contoso.test", mailboxes, "HUB1A", "HUB1B", "HUB2A"));
    ClusterMail.awaitConnector("mailbox", hub1a, hub1b, hub2a, edge);
    ClusterMail.awaitConnector(inbound.name(), hub1a, hub1b, hub2a, edge);
    ClusterMail.awaitMembers(edge, "HUB1A", "HUB1B", "HUB2A", "EDGE");

    // In from the Internet: the Edge takes it anonymously and passes it to S1's hubs over EdgeSync.
    int inLoad = 6;
    for (int i = 0; i < inLoad; i++) {
      mail.submit(edge, "someone@internet.test", List.of("user" + i + "@contoso.test"), "");
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> mailboxes.received().size() == inLoad);
    List<String> edgeSends = lines(tracking(cEdge), "SEND");
    System.out.println("EdgeIT: the Edge passed " + inLoad + " messages to " + edgeSends.stream().map(EdgeIT::lastField).toList());
    assertThat(edgeSends).hasSize(inLoad).allSatisfy(l -> assertThat(l).contains("," + inbound.name() + ","))
        .extracting(EdgeIT::lastField).allMatch(s -> s.equals("HUB1A") || s.equals("HUB1B"));
    assertThat(lines(tracking(c1a), "SEND").size() + lines(tracking(c1b), "SEND").size()).isEqualTo(inLoad);

    // Only the live hubs: with HUB1B gone, everything goes through HUB1A.
    cluster.stop(hub1b);
    await().atMost(Duration.ofSeconds(20)).until(() -> edge.directory().snapshot().filter(s -> s.member("HUB1B").isEmpty())
        .isPresent());
    for (int i = 0; i < 3; i++) {
      mail.submit(edge, "someone@internet.test", List.of("late" + i + "@contoso.test"), "");
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> mailboxes.received().size() == inLoad + 3);
    List<String> later = lines(tracking(cEdge), "SEND").stream().map(EdgeIT::lastField).toList();
    assertThat(later.subList(inLoad, later.size())).hasSize(3).containsOnly("HUB1A");

    // Out to the Internet: HUB1A relays to the Edge, which delivers to outside.test's MX host.
    int mxPort = LoopbackNode.freePort("127.0.3.28");
    ScriptedSmtpServer outside = opened(new ScriptedSmtpServer(new InetSocketAddress("127.0.3.28", mxPort)));
    dns.add("""
        outside.test. 60 MX 10 mx.outside.test.
        mx.outside.test. 60 A 127.0.3.28
        """);
    // The MX host listens on a free port, not 25: the connector says which.
    directory.update(ObjectKind.SEND_CONNECTOR, toInternet.name(), c -> c.toBuilder().port(mxPort).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> hub1a.directory().snapshot().filter(s -> s.config().sendConnectors()
        .stream().anyMatch(c -> c.name().equals(toInternet.name()) && c.port() == mxPort)).isPresent()
        && edge.directory().snapshot().filter(s -> s.config().sendConnectors().stream()
        .anyMatch(c -> c.name().equals(toInternet.name()) && c.port() == mxPort)).isPresent());
    // The submitting client stands for the mailbox system, which the hub trusts to relay (externally secured).
    System.out.println("EdgeIT: the Edge saw the client as " + lines(tracking(cEdge), "RECEIVE").get(0));
    InetSocketAddress smtp = hub1a.smtpAddress();
    directory.create(ObjectKind.RECEIVE_CONNECTOR, externallySecured("HUB1A", "from mailboxes", smtp, "127.0.0.1"));
    await().atMost(Duration.ofSeconds(10)).until(() -> hub1a.directory().snapshot().filter(s -> s.config()
        .receiveConnectors().stream().anyMatch(r -> r.name().equals("from mailboxes"))).isPresent());
    mail.submit(hub1a, "user0@contoso.test", List.of("friend@outside.test"), "");
    await().atMost(Duration.ofSeconds(30)).until(() -> outside.received().size() == 1);
    assertThat(outside.received().get(0).recipients()).containsExactly("friend@outside.test");
    assertThat(outside.received().get(0).content()).contains("by edge.sluice.test").contains("by hub1a.sluice.test");
    assertThat(lines(tracking(c1a), "SEND")).filteredOn(l -> l.contains("friend@outside.test")).singleElement()
        .satisfies(l -> assertThat(l).contains("," + toInternet.name() + ",").endsWith(",EDGE"));
    assertThat(dns.udpAnswers() + dns.tcpAnswers()).as("the Edge asked the test's DNS").isPositive();
  }

  @Test
  void anUnsubscribedEdgeSendsToTheHubsThroughACustomConnectorWithExternalAuthoritative(TestInfo test)
      throws Exception {
    // Two directories: the organization's, and the standalone Edge's own (an Edge that is not subscribed
    // shares nothing with the organization but what the administrators configure on both sides).
    cluster = cluster(test, "contoso");
    Cluster standalone = cluster(test, "perimeter");
    mail = new ClusterMail();
    Directory directory = cluster.directory();
    NodeConfig cHub = cluster.config("HUB1A", ServerRole.HUB, NodeConfig.DEFAULT_SITE, "127.0.3.31");
    NodeConfig cEdge = standalone.config("EDGEX", ServerRole.EDGE, NodeConfig.DEFAULT_SITE, "127.0.3.32");
    TransportNode hub = started(cluster, cHub);
    TransportNode edge = started(standalone, cEdge);
    ScriptedSmtpServer partner = opened(new ScriptedSmtpServer("127.0.3.33"));

    // The hub: the Edge's address is externally secured (ExternalAuthoritative, ExchangeServers rights),
    // so it may relay to a domain the organization does not accept, which an anonymous client may not.
    InetSocketAddress smtp = hub.smtpAddress();
    directory.create(ObjectKind.RECEIVE_CONNECTOR, externallySecured("HUB1A", "from EDGEX", smtp, "127.0.3.32"));
    toPartner(directory, hub, partner);
    await().atMost(Duration.ofSeconds(10)).until(() -> hub.directory().snapshot().filter(s -> s.config()
        .receiveConnectors().stream().anyMatch(r -> r.name().equals("from EDGEX"))).isPresent());

    // The Edge: a manual Custom connector for everything, to the hub, ExternalAuthoritative.
    Directory edgeDirectory = standalone.directory();
    ClusterMail.accept(edgeDirectory, "contoso.test");
    ClusterMail.accept(edgeDirectory, "partner.test");
    edgeDirectory.create(ObjectKind.SEND_CONNECTOR, UsageDefaults.newConnector(SendConnector.builder("to contoso hubs")
        .addressSpaces("SMTP:*;1").sourceTransportServers("EDGEX").dnsRoutingEnabled(false).sourceIpAddress("127.0.3.32")
        .smartHosts("[" + smtp.getHostString() + "]:" + smtp.getPort()), Optional.of(UsageType.CUSTOM),
        Optional.of(SmartHostAuthMechanism.EXTERNAL_AUTHORITATIVE)));
    ClusterMail.awaitConnector("to contoso hubs", edge);

    mail.submit(edge, "someone@internet.test", List.of("p@partner.test"), "");

    await().atMost(Duration.ofSeconds(30)).until(() -> partner.received().size() == 1);
    assertThat(partner.received().get(0).recipients()).containsExactly("p@partner.test");
    assertThat(lines(tracking(cHub), "RECEIVE")).singleElement().satisfies(l -> assertThat(l).contains(",from EDGEX,"));
    assertThat(lines(tracking(cEdge), "SEND")).singleElement().satisfies(l -> assertThat(l).contains(",to contoso hubs,"));
    assertThat(tracking(cHub) + tracking(cEdge)).doesNotContain(",FAIL,");
    // The same relay from an anonymous client straight to the hub is refused: the rights were the Edge's.
    assertThat(mail.replies(hub, "someone@internet.test", List.of("q@partner.test")).values())
        .singleElement().satisfies(r -> assertThat(r.isSuccess()).isFalse());
  }

  @Test
  void anUnsubscribedEdgeSendsToTheHubsThroughACustomConnectorWithBasicAuthRequireTls(TestInfo test) throws Exception {
    cluster = cluster(test, "contoso");
    Cluster standalone = cluster(test, "perimeter");
    mail = new ClusterMail();
    // The hub offers STARTTLS with a certificate for hub1a.contoso.test, made here by a CA the Edge trusts.
    io.netty.pkitesting.X509Bundle ca = new io.netty.pkitesting.CertificateBuilder().subject("CN=Contoso Test CA")
        .setIsCertificateAuthority(true).ecp256().buildSelfSigned();
    io.netty.pkitesting.X509Bundle hubCert = new io.netty.pkitesting.CertificateBuilder().subject("CN=hub1a.contoso.test")
        .addSanDnsName("hub1a.contoso.test").ecp256().addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
    Path pem = java.nio.file.Files.writeString(data.resolve("hub.pem"), hubCert.getCertificatePathPEM());
    Path key = java.nio.file.Files.writeString(data.resolve("hub.key"), hubCert.getPrivateKeyPEM());
    Path trust = java.nio.file.Files.writeString(data.resolve("ca.pem"), ca.getCertificatePEM());
    NodeConfig plainHub = cluster.config("HUB1A", ServerRole.HUB, NodeConfig.DEFAULT_SITE, "127.0.3.41");
    NodeConfig cHub = new NodeConfig(plainHub.server(), plainHub.zooKeeper(), new NodeConfig.Smtp(plainHub.smtp().listen(),
        new NodeConfig.Smtp.Tls(Optional.of(pem), Optional.of(key), Optional.empty())), plainHub.admin(),
        plainHub.metrics(), plainHub.spool(), plainHub.dns(), plainHub.limits(), plainHub.queue());
    TestDnsServer dns = opened(new TestDnsServer("127.0.3.44"));
    dns.add("hub1a.contoso.test. 60 A 127.0.3.41");
    NodeConfig plainEdge = standalone.config("EDGEY", ServerRole.EDGE, NodeConfig.DEFAULT_SITE, "127.0.3.42",
        new NodeConfig.Dns(List.of(new HostPort(dns.address().getHostString(), dns.address().getPort())), List.of()));
    NodeConfig cEdge = new NodeConfig(plainEdge.server(), plainEdge.zooKeeper(), new NodeConfig.Smtp(
        plainEdge.smtp().listen(), new NodeConfig.Smtp.Tls(Optional.empty(), Optional.empty(), Optional.of(trust))),
        plainEdge.admin(), plainEdge.metrics(), plainEdge.spool(), plainEdge.dns(), plainEdge.limits(), plainEdge.queue());
    TransportNode hub = started(cluster, cHub);
    TransportNode edge = started(standalone, cEdge);
    ScriptedSmtpServer partner = opened(new ScriptedSmtpServer("127.0.3.43"));

    // The hub: an SMTP user the Edge logs in as (inside TLS only), which may relay like any authenticated user.
    Directory directory = cluster.directory();
    directory.create(ObjectKind.SMTP_USER, new dev.sluice.directory.SmtpUser("edgey",
        new dev.sluice.directory.secrets.PasswordHasher().hash("perimeter pass".toCharArray())));
    toPartner(directory, hub, partner);
    await().atMost(Duration.ofSeconds(10)).until(() -> hub.directory().snapshot()
        .flatMap(s -> s.user("edgey")).isPresent());

    // The Edge: a manual Custom connector to the hub by name, BasicAuthRequireTLS, its credential sealed by the CLI.
    ClusterMail.accept(standalone.directory(), "partner.test");
    Path password = java.nio.file.Files.writeString(data.resolve("edge-password"), "perimeter pass\n");
    cli(standalone, standalone.root(), "new-sendconnector", "--name", "to contoso hubs", "--usage", "Custom",
        "--address-spaces", "SMTP:*;1", "--source-transport-servers", "EDGEY", "--dns-routing-enabled", "false",
        "--smart-hosts", "hub1a.contoso.test:" + hub.smtpAddress().getPort(),
        "--source-ip-address", "127.0.3.42",
        "--smart-host-auth-mechanism", "BasicAuthRequireTLS", "--auth-username", "edgey",
        "--auth-password-file", password.toString(), "--cluster-key-file", standalone.clusterKeyFile().toString());
    ClusterMail.awaitConnector("to contoso hubs", edge);

    mail.submit(edge, "someone@internet.test", List.of("p@partner.test"), "");

    await().atMost(Duration.ofSeconds(30)).until(() -> partner.received().size() == 1);
    assertThat(lines(tracking(cHub), "RECEIVE")).singleElement().satisfies(l -> assertThat(l).contains("127.0.3.42"));
    assertThat(lines(tracking(cEdge), "SEND")).singleElement()
        .satisfies(l -> assertThat(l).contains(",to contoso hubs,").contains("hub1a.contoso.test"));
    assertThat(tracking(cHub) + tracking(cEdge)).doesNotContain(",FAIL,");
  }
}
