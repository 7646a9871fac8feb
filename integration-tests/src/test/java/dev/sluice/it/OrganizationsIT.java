package dev.sluice.it;

import static dev.sluice.it.ClusterMail.lines;
import static dev.sluice.it.ClusterMail.tracking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.directory.ObjectKind;
import dev.sluice.node.config.NodeConfig;
import dev.sluice.node.delivery.ScriptedSmtpServer;
import dev.sluice.node.lifecycle.TransportNode;
import dev.sluice.routing.model.ExtendedRight;
import dev.sluice.routing.model.Principal;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.UsageType;
import dev.sluice.routing.validate.UsageDefaults;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector between two organizations, two directory roots on one ZooKeeper that know nothing of each other
 * (the reference's cross-forest scenario): a Custom connector of Contoso's hub to Fabrikam's hub, with the
 * Ms-Exch-Send-Headers-Forest right granted to the principal it sends as, carries the forest's
 * {@code X-MS-Exchange-Forest-*} headers across and strips the {@code X-MS-Exchange-Organization-*} ones.
 */
class OrganizationsIT {
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
  private static final String FOREST = "X-MS-Exchange-Forest-Rules-Executed: contoso";
  private static final String ORGANIZATION = "X-MS-Exchange-Organization-SCL: -1";

  @TempDir Path data;

  private static SendConnector custom(String name, String domain, String source, InetSocketAddress to, boolean forest) {
    SendConnector connector = UsageDefaults.newConnector(SendConnector.builder(name).addressSpaces("SMTP:" + domain + ";1")
        .sourceTransportServers(source).dnsRoutingEnabled(false)
        .smartHosts("[" + to.getHostString() + "]:" + to.getPort()), Optional.of(UsageType.CUSTOM),
        Optional.of(SmartHostAuthMechanism.NONE));
    return forest ? connector.toBuilder().permissions(connector.permissions()
        .grant(Principal.ANONYMOUS, Set.of(ExtendedRight.SEND_HEADERS_FOREST))).build() : connector;
  }

  @Test
  void forestHeadersCrossToTheOtherOrganizationAndOrganizationHeadersDoNot() throws Exception {
    System.out.println("OrganizationsIT: ZooKeeper session timeout " + SESSION_TIMEOUT.toMillis() + " ms");
    try (TestingServer zooKeeper = new TestingServer(true);
        Cluster contoso = new Cluster(zooKeeper.getConnectString(), "/sluice-it/contoso", data.resolve("contoso"),
            SESSION_TIMEOUT);
        Cluster fabrikam = new Cluster(zooKeeper.getConnectString(), "/sluice-it/fabrikam", data.resolve("fabrikam"),
            SESSION_TIMEOUT);
        ClusterMail mail = new ClusterMail();
        ScriptedSmtpServer mailboxes = new ScriptedSmtpServer("127.0.3.43")) {
      NodeConfig cx = contoso.config("HUBX", ServerRole.HUB, NodeConfig.DEFAULT_SITE, "127.0.3.41");
      NodeConfig cy = fabrikam.config("HUBY", ServerRole.HUB, NodeConfig.DEFAULT_SITE, "127.0.3.42");
      TransportNode hubX = contoso.start(cx);
      TransportNode hubY = fabrikam.start(cy);
      await().atMost(Duration.ofSeconds(30)).until(() -> hubX.directory().snapshot().isPresent()
          && hubY.directory().snapshot().isPresent());
      assertThat(hubX.directory().snapshot().orElseThrow().member("HUBY")).as("the organizations are apart").isEmpty();

      ClusterMail.accept(contoso.directory(), "fabrikam.test");
      contoso.create(ObjectKind.SEND_CONNECTOR, custom("to fabrikam", "fabrikam.test", "HUBX", hubY.smtpAddress(), true));
      ClusterMail.accept(fabrikam.directory(), "fabrikam.test");
      fabrikam.create(ObjectKind.SEND_CONNECTOR, custom("mailbox", "fabrikam.test", "HUBY", mailboxes.address(), true));
      ClusterMail.awaitConnector("to fabrikam", hubX);
      ClusterMail.awaitConnector("mailbox", hubY);

      mail.submit(hubX, "a@contoso.test", List.of("b@fabrikam.test"), FOREST + "\r\n" + ORGANIZATION + "\r\n");

      await().atMost(Duration.ofSeconds(30)).until(() -> mailboxes.received().size() == 1);
      String content = mailboxes.received().get(0).content();
      assertThat(content).contains(FOREST).doesNotContain("X-MS-Exchange-Organization-").contains("Subject: cluster test");
      assertThat(lines(tracking(cx), "SEND")).singleElement().satisfies(l -> assertThat(l).contains(",to fabrikam,"));
      assertThat(lines(tracking(cy), "RECEIVE")).singleElement().satisfies(l -> assertThat(l).contains(",Default HUBY,"));
    }
  }

  @Test
  void withoutTheForestRightTheForestHeadersStopAtTheBoundaryToo() throws Exception {
    try (TestingServer zooKeeper = new TestingServer(true);
        Cluster contoso = new Cluster(zooKeeper.getConnectString(), "/sluice-it/contoso", data.resolve("contoso"),
            SESSION_TIMEOUT);
        ClusterMail mail = new ClusterMail();
        ScriptedSmtpServer other = new ScriptedSmtpServer("127.0.3.44")) {
      TransportNode hubX = contoso.start(contoso.config("HUBX", ServerRole.HUB, NodeConfig.DEFAULT_SITE, "127.0.3.41"));
      await().atMost(Duration.ofSeconds(30)).until(() -> hubX.directory().snapshot().isPresent());
      ClusterMail.accept(contoso.directory(), "fabrikam.test");
      contoso.create(ObjectKind.SEND_CONNECTOR, custom("to fabrikam", "fabrikam.test", "HUBX", other.address(), false));
      ClusterMail.awaitConnector("to fabrikam", hubX);

      mail.submit(hubX, "a@contoso.test", List.of("b@fabrikam.test"), FOREST + "\r\n" + ORGANIZATION + "\r\n");

      await().atMost(Duration.ofSeconds(30)).until(() -> other.received().size() == 1);
      assertThat(other.received().get(0).content()).doesNotContain("X-MS-Exchange-Forest-")
          .doesNotContain("X-MS-Exchange-Organization-");
    }
  }
}
