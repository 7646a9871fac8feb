package dev.sluice.directory.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.directory.DirectoryException;
import dev.sluice.directory.EdgeSyncConnectors;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.Versioned;
import dev.sluice.directory.codec.CodecException;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.AcceptedDomainType;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveLimits;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import dev.sluice.routing.validate.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The writer against a real ZooKeeper server: CRUD, compare-and-set, transactions, refusals. */
class ZooKeeperDirectoryIT {
  private static TestingServer server;
  private static int rootNumber;
  private CuratorFramework client;
  private CuratorFramework other;
  private ZooKeeperDirectory directory;
  private ZooKeeperDirectory otherWriter;

  @BeforeAll
  static void startServer() throws Exception {
    server = new TestingServer(true);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @BeforeEach
  void connect() throws Exception {
    client = ZooKeeperSupport.client(server);
    other = ZooKeeperSupport.client(server);
    DirectoryLayout layout = DirectoryLayout.at("/sluice/org" + (++rootNumber));
    directory = new ZooKeeperDirectory(client, layout);
    otherWriter = new ZooKeeperDirectory(other, layout);
    directory.ensureLayout();
  }

  @AfterEach
  void close() {
    client.close();
    other.close();
  }

  private void twoSites() {
    directory.create(ObjectKind.SITE, Site.of("Site-A"));
    directory.create(ObjectKind.SITE, Site.of("Site-B"));
    directory.create(ObjectKind.SITE_LINK, SiteLink.of("A-B", 10, "Site-A", "Site-B"));
    directory.create(ObjectKind.SERVER, TransportServer.hub("HUB1", "Site-A"));
    directory.create(ObjectKind.SERVER, TransportServer.hub("HUB2", "Site-B"));
  }

  private static SendConnector internet(String... sources) {
    return SendConnector.builder("Internet").addressSpaces("*").sourceTransportServers(sources).build();
  }

  @Test
  void createsReadsListsUpdatesAndRemoves() {
    twoSites();
    Versioned<Site> a = directory.get(ObjectKind.SITE, "site-a").orElseThrow();
    assertThat(a.value()).isEqualTo(Site.of("Site-A"));
    assertThat(a.version()).isZero();
    assertThat(directory.list(ObjectKind.SITE)).extracting(v -> v.value().name()).containsExactlyInAnyOrder("Site-A", "Site-B");

    Versioned<Site> hub = directory.update(ObjectKind.SITE, new Site("Site-A", true), a.version());
    assertThat(hub.version()).isEqualTo(1);
    assertThat(directory.get(ObjectKind.SITE, "Site-A").orElseThrow().value().hubSite()).isTrue();

    directory.remove(ObjectKind.SITE_LINK, "A-B");
    assertThat(directory.get(ObjectKind.SITE_LINK, "A-B")).isEmpty();
    assertThat(directory.readConfig().siteLinks()).isEmpty();
  }

  @Test
  void aNameTakenInAnyCaseIsRefused() {
    twoSites();
    assertThatThrownBy(() -> directory.create(ObjectKind.SITE, Site.of("SITE-a")))
        .isInstanceOf(DirectoryException.AlreadyExists.class)
        .hasMessageContaining("site 'SITE-a' exists already");
  }

  @Test
  void twoWritersOfOneObjectConflict() {
    twoSites();
    directory.create(ObjectKind.SEND_CONNECTOR, internet("HUB1"));
    Versioned<SendConnector> mine = directory.get(ObjectKind.SEND_CONNECTOR, "Internet").orElseThrow();
    Versioned<SendConnector> theirs = otherWriter.get(ObjectKind.SEND_CONNECTOR, "Internet").orElseThrow();
    otherWriter.update(ObjectKind.SEND_CONNECTOR, theirs.value().toBuilder().comment("theirs").build(), theirs.version());

    assertThatThrownBy(() ->
            directory.update(ObjectKind.SEND_CONNECTOR, mine.value().toBuilder().comment("mine").build(), mine.version()))
        .isInstanceOf(DirectoryException.Conflict.class)
        .hasMessageContaining("changed by someone else")
        .hasMessageContaining("version 0, now 1");
    assertThat(directory.get(ObjectKind.SEND_CONNECTOR, "Internet").orElseThrow().value().comment()).isEqualTo("theirs");
  }

  @Test
  void anInvalidConnectorNeverReachesZooKeeper() throws Exception {
    twoSites();
    SendConnector noSource = SendConnector.builder("Broken").addressSpaces("contoso.com").build();
    assertThatThrownBy(() -> directory.create(ObjectKind.SEND_CONNECTOR, noSource))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("SourceTransportServers");
    assertThat(client.checkExists().forPath(directory.layout().sendConnectors() + "/broken")).isNull();

    SendConnector unknownServer = internet("HUB9");
    assertThatThrownBy(() -> directory.create(ObjectKind.SEND_CONNECTOR, unknownServer))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("HUB9");
  }

  @Test
  void aSiteLinkToAMissingSiteIsRefused() {
    twoSites();
    assertThatThrownBy(() -> directory.create(ObjectKind.SITE_LINK, SiteLink.of("A-C", 5, "Site-A", "Site-C")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Site-C");
  }

  @Test
  void removingAServerThatConnectorsNameIsRefusedWithTheirNames() {
    twoSites();
    directory.create(ObjectKind.SEND_CONNECTOR, internet("HUB1", "HUB2"));
    directory.create(ObjectKind.SEND_CONNECTOR,
        SendConnector.builder("Contoso").addressSpaces("contoso.com").sourceTransportServers("HUB1").build());
    assertThatThrownBy(() -> directory.remove(ObjectKind.SERVER, "hub1"))
        .isInstanceOfSatisfying(DirectoryException.InUse.class, e -> assertThat(e.referrers())
            .containsExactlyInAnyOrder("Send connector 'Internet'", "Send connector 'Contoso'"));
    assertThat(directory.get(ObjectKind.SERVER, "HUB1")).isPresent();
  }

  @Test
  void removingAServerTakesItsReceiveConnectorsInOneTransaction() throws Exception {
    twoSites();
    ReceiveConnector receive = new ReceiveConnector("HUB1", "Default HUB1", List.of(ReceiveConnector.Binding.parse("0.0.0.0:25")),
        ReceiveConnector.RemoteIpRange.ANY, Set.of(), Set.of(), Optional.empty(), true, ReceiveLimits.HUB_DEFAULTS);
    directory.create(ObjectKind.RECEIVE_CONNECTOR, receive);
    assertThat(directory.get(ObjectKind.RECEIVE_CONNECTOR, "HUB1\\Default HUB1")).isPresent();

    directory.remove(ObjectKind.SERVER, "HUB1");
    assertThat(directory.readConfig().receiveConnectors()).isEmpty();
    assertThat(client.checkExists().forPath(directory.layout().receiveConnectorsOf("HUB1"))).isNull();
  }

  @Test
  void removingASiteRemovesItsLinksAndIsRefusedWhileServersAreInIt() {
    twoSites();
    directory.create(ObjectKind.SITE, Site.of("Site-C"));
    directory.create(ObjectKind.SITE_LINK, SiteLink.of("B-C", 10, "Site-B", "Site-C"));
    directory.create(ObjectKind.SITE_LINK, new SiteLink("Ring", List.of("Site-A", "Site-B", "Site-C"), 50,
        java.util.OptionalInt.empty()));
    assertThatThrownBy(() -> directory.remove(ObjectKind.SITE, "Site-B"))
        .isInstanceOfSatisfying(DirectoryException.InUse.class,
            e -> assertThat(e.referrers()).contains("transport server 'HUB2'"));

    directory.remove(ObjectKind.SITE, "Site-C");
    var config = directory.readConfig();
    assertThat(config.sites()).extracting(Site::name).containsExactlyInAnyOrder("Site-A", "Site-B");
    assertThat(config.siteLinks()).extracting(SiteLink::name).containsExactlyInAnyOrder("A-B", "Ring");
    assertThat(directory.get(ObjectKind.SITE_LINK, "Ring").orElseThrow().value().sites()).containsExactly("Site-A", "Site-B");
  }

  @Test
  void anEdgeSubscriptionStoresItsTwoConnectorsAndASecondEdgeJoinsThem() {
    twoSites();
    directory.create(ObjectKind.SERVER, TransportServer.edge("EDGE1", "Site-A"));
    directory.create(ObjectKind.SERVER, TransportServer.edge("EDGE2", "Site-A"));
    directory.create(ObjectKind.ACCEPTED_DOMAIN, new AcceptedDomain("contoso.com", AcceptedDomainType.AUTHORITATIVE));

    List<SendConnector> made = directory.newEdgeSubscription("EDGE1", "Site-A");
    assertThat(made).extracting(SendConnector::name)
        .containsExactly("EdgeSync - Site-A to Internet", "EdgeSync - Inbound to Site-A");
    SendConnector toInternet = directory.get(ObjectKind.SEND_CONNECTOR, "EdgeSync - Site-A to Internet").orElseThrow().value();
    assertThat(toInternet.addressSpaces()).extracting(Object::toString).containsExactly("SMTP:*;100");
    assertThat(toInternet.dnsRoutingEnabled()).isTrue();
    assertThat(toInternet.sourceTransportServers()).containsExactly("EDGE1");
    SendConnector inbound = directory.get(ObjectKind.SEND_CONNECTOR, "EdgeSync - Inbound to Site-A").orElseThrow().value();
    assertThat(inbound.addressSpaces()).extracting(Object::toString).containsExactly("SMTP:--;1");
    assertThat(inbound.smartHosts()).extracting(Object::toString).containsExactly("--");
    assertThat(inbound.dnsRoutingEnabled()).isFalse();

    directory.newEdgeSubscription("EDGE2", "Site-A");
    assertThat(directory.get(ObjectKind.SEND_CONNECTOR, EdgeSyncConnectors.toInternetName("Site-A")).orElseThrow()
        .value().sourceTransportServers()).containsExactly("EDGE1", "EDGE2");
    assertThatThrownBy(() -> directory.remove(ObjectKind.SERVER, "EDGE2"))
        .isInstanceOf(DirectoryException.InUse.class)
        .hasMessageContaining("Edge subscription of EDGE2");

    directory.removeEdgeSubscription("EDGE1");
    assertThat(directory.get(ObjectKind.SEND_CONNECTOR, EdgeSyncConnectors.inboundName("Site-A")).orElseThrow()
        .value().sourceTransportServers()).containsExactly("EDGE2");
    directory.removeEdgeSubscription("EDGE2");
    assertThat(directory.readConfig().sendConnectors()).isEmpty();
    assertThat(directory.readConfig().edgeSubscriptions()).isEmpty();
  }

  @Test
  void aTransactionThatFailsHalfWayLeavesNothing() throws Exception {
    twoSites();
    directory.create(ObjectKind.SERVER, TransportServer.edge("EDGE1", "Site-A"));
    // The subscription is created last in its transaction; without its container that create fails
    // after the two connector creates have been applied inside the transaction.
    other.delete().forPath(directory.layout().edgeSubscriptions());

    assertThatThrownBy(() -> directory.newEdgeSubscription("EDGE1", "Site-A"))
        .isInstanceOf(DirectoryException.Conflict.class)
        .hasMessageContaining("Edge subscription of 'EDGE1'");
    assertThat(client.getChildren().forPath(directory.layout().sendConnectors())).isEmpty();
    assertThat(directory.readConfig().sendConnectors()).isEmpty();
  }

  @Test
  void aDocumentPlantedByAnotherToolIsReportedWithItsPathAndField() throws Exception {
    twoSites();
    String path = directory.layout().sites() + "/broken";
    other.create().forPath(path, "{\"schemaVersion\":1,\"hubSiteEnabled\":true}".getBytes(StandardCharsets.UTF_8));
    other.create().forPath(directory.layout().sites() + "/garbage", "not json".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> directory.get(ObjectKind.SITE, "broken"))
        .isInstanceOfSatisfying(CodecException.class, e -> {
          assertThat(e.path()).isEqualTo(path);
          assertThat(e.field()).isEqualTo("name");
        });
    assertThat(directory.list(ObjectKind.SITE)).hasSize(2);
    assertThat(directory.invalidObjects()).extracting(CodecException::path)
        .containsExactlyInAnyOrder(path, directory.layout().sites() + "/garbage");
    // Unrelated writes still go through.
    directory.create(ObjectKind.SITE, Site.of("Site-C"));
  }

  @Test
  void concurrentCreatesOfOneNameLeaveOneWinner() throws Exception {
    twoSites();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var a = pool.submit(() -> { directory.create(ObjectKind.SEND_CONNECTOR, internet("HUB1")); return "a"; });
      var b = pool.submit(() -> { otherWriter.create(ObjectKind.SEND_CONNECTOR, internet("HUB2")); return "b"; });
      int won = 0;
      for (var f : List.of(a, b)) {
        try {
          f.get();
          won++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(DirectoryException.AlreadyExists.class);
        }
      }
      assertThat(won).isEqualTo(1);
      assertThat(directory.readConfig().sendConnectors()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
