package dev.sluice.it;

import static dev.sluice.it.ClusterMail.lines;
import static dev.sluice.it.ClusterMail.tracking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.directory.Directory;
import dev.sluice.directory.ObjectKind;
import dev.sluice.node.config.NodeConfig;
import dev.sluice.node.delivery.ScriptedSmtpServer;
import dev.sluice.node.delivery.queue.QueueInfo;
import dev.sluice.node.delivery.queue.QueueStatus;
import dev.sluice.node.lifecycle.TransportNode;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.UsageType;
import dev.sluice.routing.validate.UsageDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing across the organization and between sites, with in-process hubs on one three-server ensemble: a
 * relay to a connector's source servers in another site (nearest site first, spread over the live ones, a
 * dead one skipped without changing the path), a scoped connector unused from other sites, the least-cost
 * path of site links, a hub site taking the hop, and mail for an unreachable site waiting in the nearest
 * reachable site on the path until the site comes back, with or without a hub site on it.
 */
class SitesIT {
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
  private static Ensemble ensemble;

  @TempDir Path data;
  private Cluster cluster;
  private ClusterMail mail;
  private final java.util.List<AutoCloseable> sinks = new java.util.ArrayList<>();

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
    cluster.close();
    mail.close();
    for (AutoCloseable sink : sinks) {
      sink.close();
    }
  }

  /** Each test its own directory root on the shared ensemble, so no test sees another's objects. */
  private void cluster(TestInfo test) {
    cluster = new Cluster(ensemble.connectString(), "/sluice-it/" + test.getTestMethod().orElseThrow().getName(),
        data, SESSION_TIMEOUT);
    mail = new ClusterMail();
    System.out.println("SitesIT: ZooKeeper session timeout " + SESSION_TIMEOUT.toMillis() + " ms");
  }

  private ScriptedSmtpServer sink(String address) throws Exception {
    ScriptedSmtpServer sink = new ScriptedSmtpServer(address);
    sinks.add(sink);
    return sink;
  }

  private TransportNode start(NodeConfig config) throws Exception {
    TransportNode node = cluster.start(config);
    await().atMost(Duration.ofSeconds(30)).until(() -> node.directory().snapshot().isPresent());
    return node;
  }

  /** A Custom connector for {@code domain} from {@code sources} to the smart host {@code sink}. */
  private static SendConnector.Builder toSink(String name, String domain, ScriptedSmtpServer sink, String... sources) {
    return SendConnector.builder(name).addressSpaces("SMTP:" + domain + ";1").sourceTransportServers(sources)
        .dnsRoutingEnabled(false).smartHosts("[" + sink.address().getHostString() + "]:" + sink.address().getPort());
  }

  private static SendConnector internet(SendConnector.Builder builder) {
    return UsageDefaults.newConnector(builder, Optional.of(UsageType.INTERNET), Optional.of(SmartHostAuthMechanism.NONE));
  }

  private static String lastField(String line) {
    return line.substring(line.lastIndexOf(',') + 1);
  }

  @Test
  void aRelayGoesToTheNearestSourceServersSpreadOverTheLiveOnesAndAScopedConnectorStaysInItsSite(TestInfo test)
      throws Exception {
    cluster(test);
    Directory directory = cluster.directory();
    directory.create(ObjectKind.SITE, Site.of("S1"));
    directory.create(ObjectKind.SITE, Site.of("S2"));
    directory.create(ObjectKind.SITE_LINK, SiteLink.of("S1-S2", 10, "S1", "S2"));
    NodeConfig c1a = cluster.config("HUB1A", ServerRole.HUB, "S1", "127.0.3.1");
    NodeConfig c2b = cluster.config("HUB2B", ServerRole.HUB, "S2", "127.0.3.4");
    TransportNode hub1a = start(c1a);
    TransportNode hub1b = start(cluster.config("HUB1B", ServerRole.HUB, "S1", "127.0.3.2"));
    TransportNode hub2a = start(cluster.config("HUB2A", ServerRole.HUB, "S2", "127.0.3.3"));
    TransportNode hub2b = start(c2b);
    ScriptedSmtpServer sink = sink("127.0.3.10");
    for (String domain : List.of("example.org", "near.test", "scoped.test")) {
      ClusterMail.accept(directory, domain);
    }
    directory.create(ObjectKind.SEND_CONNECTOR, internet(toSink("to example.org", "example.org", sink, "HUB2A", "HUB2B")));
    directory.create(ObjectKind.SEND_CONNECTOR, internet(toSink("near", "near.test", sink, "HUB1B", "HUB2A")));
    directory.create(ObjectKind.SEND_CONNECTOR,
        internet(toSink("scoped", "scoped.test", sink, "HUB2A").isScopedConnector(true)));
    ClusterMail.awaitConnector("scoped", hub1a, hub1b, hub2a, hub2b);
    ClusterMail.awaitMembers(hub1a, "HUB1A", "HUB1B", "HUB2A", "HUB2B");

    // HUB1A is no source server of "to example.org": it relays straight to the other site's source servers.
    int load = 16;
    for (int i = 0; i < load; i++) {
      mail.submit(hub1a, "a@client.test", List.of("x" + i + "@example.org"), "");
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.received().size() == load);
    List<String> sends = lines(tracking(c1a), "SEND").stream().filter(l -> l.contains(",to example.org,")).toList();
    assertThat(sends).hasSize(load);
    List<String> to = sends.stream().map(SitesIT::lastField).toList();
    System.out.println("SitesIT: " + load + " relays from HUB1A went to " + to);
    assertThat(to).as("spread across both live source servers, nothing through HUB1B").contains("HUB2A", "HUB2B")
        .allMatch(s -> s.equals("HUB2A") || s.equals("HUB2B"));

    // Nearest site first: HUB1B in HUB1A's own site wins over HUB2A, every time.
    for (int i = 0; i < 4; i++) {
      mail.submit(hub1a, "a@client.test", List.of("n" + i + "@near.test"), "");
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.received().size() == load + 4);
    assertThat(lines(tracking(c1a), "SEND").stream().filter(l -> l.contains(",near,")).map(SitesIT::lastField))
        .hasSize(4).containsOnly("HUB1B");

    // A dead source server is skipped; the path (the queue toward site S2) stays what it was.
    cluster.stop(hub2b);
    await().atMost(Duration.ofSeconds(20)).until(() -> hub1a.directory().snapshot()
        .filter(s -> s.member("HUB2B").isEmpty()).isPresent());
    for (int i = 0; i < 4; i++) {
      mail.submit(hub1a, "a@client.test", List.of("y" + i + "@example.org"), "");
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.received().size() == load + 8);
    List<String> after = lines(tracking(c1a), "SEND").stream().filter(l -> l.contains(",to example.org,"))
        .map(SitesIT::lastField).toList();
    assertThat(after.subList(load, after.size())).hasSize(4).containsOnly("HUB2A");
    assertThat(lines(tracking(c2b), "RECEIVE")).as("nothing reached the stopped HUB2B after it stopped")
        .hasSize((int) to.stream().filter("HUB2B"::equals).count());

    // The scoped connector is S2's alone: from S1 there is no route, so the message waits in Unreachable.
    mail.submit(hub1a, "a@client.test", List.of("s@scoped.test"), "");
    await().atMost(Duration.ofSeconds(10)).until(() -> hub1a.queues().queues().stream()
        .anyMatch(q -> q.deliveryType().equals("Unreachable") && q.messageCount() == 1));
    mail.submit(hub2a, "a@client.test", List.of("t@scoped.test"), "");
    await().atMost(Duration.ofSeconds(20)).until(() -> sink.received().stream()
        .anyMatch(r -> r.recipients().contains("t@scoped.test")));
    assertThat(sink.received()).noneMatch(r -> r.recipients().contains("s@scoped.test"));
    assertThat(hub1a.spool().ids()).hasSize(1);
  }

  /** Sites A, B, C: A-B and B-C cost 1, A-C cost {@code directCost}; one hub in each; far.test sent from HUBC. */
  private record Triangle(TransportNode a, TransportNode b, TransportNode c, NodeConfig ca, NodeConfig cb,
      NodeConfig cc, ScriptedSmtpServer sink) {}

  private Triangle triangle(int directCost) throws Exception {
    Directory directory = cluster.directory();
    for (String site : List.of("A", "B", "C")) {
      directory.create(ObjectKind.SITE, Site.of(site));
    }
    directory.create(ObjectKind.SITE_LINK, SiteLink.of("A-B", 1, "A", "B"));
    directory.create(ObjectKind.SITE_LINK, SiteLink.of("B-C", 1, "B", "C"));
    directory.create(ObjectKind.SITE_LINK, SiteLink.of("A-C", directCost, "A", "C"));
    NodeConfig ca = cluster.config("HUBA", ServerRole.HUB, "A", "127.0.3.5");
    NodeConfig cb = cluster.config("HUBB", ServerRole.HUB, "B", "127.0.3.6");
    NodeConfig cc = cluster.config("HUBC", ServerRole.HUB, "C", "127.0.3.7");
    TransportNode a = start(ca);
    TransportNode b = start(cb);
    TransportNode c = start(cc);
    ScriptedSmtpServer sink = sink("127.0.3.12");
    ClusterMail.accept(directory, "far.test");
    directory.create(ObjectKind.SEND_CONNECTOR, internet(toSink("far", "far.test", sink, "HUBC")));
    ClusterMail.awaitConnector("far", a, b, c);
    ClusterMail.awaitMembers(a, "HUBA", "HUBB", "HUBC");
    return new Triangle(a, b, c, ca, cb, cc, sink);
  }

  private static void hubSite(Directory directory, String site, boolean hub, TransportNode... nodes) {
    directory.update(ObjectKind.SITE, site, s -> new Site(s.name(), hub));
    for (TransportNode node : nodes) {
      await().atMost(Duration.ofSeconds(10)).until(() -> node.directory().snapshot().filter(s -> s.config().sites()
          .stream().anyMatch(x -> x.name().equals(site) && x.hubSite() == hub)).isPresent());
    }
  }

  @Test
  void mailFollowsTheLeastCostPathAndAHubSiteOnItTakesTheHop(TestInfo test) throws Exception {
    cluster(test);
    Triangle t = triangle(10);
    Directory directory = cluster.directory();

    // No hub site: HUBA connects to the destination site's hub directly, whatever lies between.
    mail.submit(t.a(), "a@client.test", List.of("one@far.test"), "");
    await().atMost(Duration.ofSeconds(20)).until(() -> t.sink().received().size() == 1);
    assertThat(lines(tracking(t.ca()), "SEND")).singleElement().satisfies(l -> assertThat(lastField(l)).isEqualTo("HUBC"));

    // B, a hub site on the least-cost path A-B-C (2 < 10), takes the hop.
    hubSite(directory, "B", true, t.a(), t.b(), t.c());
    mail.submit(t.a(), "a@client.test", List.of("two@far.test"), "");
    await().atMost(Duration.ofSeconds(20)).until(() -> t.sink().received().size() == 2);
    assertThat(lines(tracking(t.ca()), "SEND")).hasSize(2).last().satisfies(l -> assertThat(lastField(l)).isEqualTo("HUBB"));
    assertThat(lines(tracking(t.cb()), "SEND")).singleElement().satisfies(l -> assertThat(lastField(l)).isEqualTo("HUBC"));

    // With A-C made cheaper than A-B-C, the path is the direct link: the hub site B is no longer on it.
    directory.update(ObjectKind.SITE_LINK, "A-C", l -> SiteLink.of("A-C", 1, "A", "C"));
    await().atMost(Duration.ofSeconds(10)).until(() -> t.a().directory().snapshot().filter(s -> s.config().siteLinks()
        .stream().anyMatch(x -> x.name().equals("A-C") && x.cost() == 1)).isPresent());
    mail.submit(t.a(), "a@client.test", List.of("three@far.test"), "");
    await().atMost(Duration.ofSeconds(20)).until(() -> t.sink().received().size() == 3);
    assertThat(lines(tracking(t.ca()), "SEND")).hasSize(3).last().satisfies(l -> assertThat(lastField(l)).isEqualTo("HUBC"));
    assertThat(lines(tracking(t.cb()), "SEND")).hasSize(1);
  }

  @Test
  void withNoHubSiteOnThePathMailForADownSiteStillGoesAsFarAsItCanAndWaitsThere(TestInfo test) throws Exception {
    cluster(test);
    // Up, HUBA would connect to HUBC directly; with C down it backs off along A-B-C to B, and B holds it.
    waitsInBWhileCIsDownAndFlowsWhenItIsBack(triangle(10), "point@far.test");
  }

  @Test
  void forAnUnreachableSiteTheMessageWaitsInTheNearestReachableSiteOnThePathAndFlowsWhenItIsBack(TestInfo test)
      throws Exception {
    cluster(test);
    Triangle t = triangle(10);
    hubSite(cluster.directory(), "B", true, t.a(), t.b(), t.c());
    // B, the hub site, takes the hop; it is also the last site HUBA can reach on A-B-C.
    waitsInBWhileCIsDownAndFlowsWhenItIsBack(t, "wait@far.test");
  }

  /** Stops HUBC, sends {@code recipient} from HUBA: it waits in Retry in HUBB toward C, then flows once HUBC is back. */
  private void waitsInBWhileCIsDownAndFlowsWhenItIsBack(Triangle t, String recipient) throws Exception {
    cluster.stop(t.c());
    await().atMost(Duration.ofSeconds(20)).until(() -> t.a().directory().snapshot()
        .filter(s -> s.member("HUBC").isEmpty()).isPresent() && t.b().directory().snapshot()
        .filter(s -> s.member("HUBC").isEmpty()).isPresent());

    mail.submit(t.a(), "a@client.test", List.of(recipient), "");

    await().atMost(Duration.ofSeconds(20)).until(() -> t.a().spool().ids().isEmpty() && ClusterMail.queue(t.b(), "far")
        .filter(q -> q.status() == QueueStatus.RETRY && q.messageCount() == 1).isPresent());
    assertThat(lines(tracking(t.ca()), "SEND")).singleElement().satisfies(l -> assertThat(lastField(l)).isEqualTo("HUBB"));
    QueueInfo waiting = ClusterMail.queue(t.b(), "far").orElseThrow();
    System.out.println("SitesIT: waiting in HUBB: " + waiting);
    assertThat(waiting.deliveryType()).isEqualTo("SmtpRelayToRemoteAdSite");
    assertThat(waiting.nextHopDomain()).isEqualTo("c");
    assertThat(t.b().spool().ids()).hasSize(1);
    assertThat(t.sink().received()).isEmpty();

    TransportNode back = start(t.cc());
    await().atMost(Duration.ofSeconds(30)).until(() -> t.sink().received().size() == 1 && t.b().spool().ids().isEmpty()
        && back.spool().ids().isEmpty());
    assertThat(t.sink().received().get(0).recipients()).containsExactly(recipient);
    assertThat(lines(tracking(t.cb()), "SEND")).singleElement().satisfies(l -> assertThat(lastField(l)).isEqualTo("HUBC"));
    assertThat(lines(tracking(t.ca()), "SEND")).as("HUBA sent it once, to B").hasSize(1);
    assertThat(tracking(t.ca()) + tracking(t.cb())).doesNotContain(",FAIL,");
  }
}
