package dev.sluice.directory.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.directory.DirectoryException;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.ServerBootstrap;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveConnector.PermissionGroup;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.TransportServer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node's server object on start, against a real ZooKeeper. */
class ServerBootstrapIT {
  private static final ReceiveConnector.Binding SMTP = ReceiveConnector.Binding.parse("127.0.0.1:2525");
  private static TestingServer server;
  private static int rootNumber;
  private CuratorFramework client;
  private ZooKeeperDirectory directory;

  @BeforeAll
  static void start() throws Exception {
    server = new TestingServer(true);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @BeforeEach
  void connect() throws Exception {
    client = ZooKeeperSupport.client(server);
    directory = new ZooKeeperDirectory(client, DirectoryLayout.at("/sluice/boot" + (++rootNumber)));
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void theFirstStartInAnOpenDirectoryCreatesSiteServerAndDefaultReceiveConnector() {
    TransportServer hub = TransportServer.hub("HUB1", "Default-First-Site-Name");
    assertThat(ServerBootstrap.ensure(directory, hub, SMTP, true)).isEqualTo(hub);
    var config = directory.readConfig();
    assertThat(config.sites()).extracting(s -> s.name()).containsExactly("Default-First-Site-Name");
    ReceiveConnector receive = config.receiveConnectors().get(0);
    assertThat(receive.name()).isEqualTo("Default HUB1");
    assertThat(receive.bindings()).containsExactly(SMTP);
    assertThat(receive.permissionGroups()).contains(PermissionGroup.EXCHANGE_SERVERS);

    assertThat(ServerBootstrap.ensure(directory, hub, SMTP, true)).isEqualTo(hub);
    assertThat(directory.readConfig().receiveConnectors()).hasSize(1);
  }

  @Test
  void theStoredServerWinsAndADifferentRoleOrSiteRefusesTheStart() {
    ServerBootstrap.ensure(directory, TransportServer.hub("HUB1", "Site-A"), SMTP, true);
    assertThatThrownBy(() -> ServerBootstrap.ensure(directory, TransportServer.edge("HUB1", "Site-A"), SMTP, true))
        .isInstanceOf(DirectoryException.Mismatch.class)
        .hasMessageContaining("stored as a hub")
        .hasMessageContaining("configured as an edge");
    assertThatThrownBy(() -> ServerBootstrap.ensure(directory, TransportServer.hub("HUB1", "Site-B"), SMTP, true))
        .isInstanceOf(DirectoryException.Mismatch.class)
        .hasMessageContaining("'Site-A'")
        .hasMessageContaining("'Site-B'");
    assertThat(directory.get(ObjectKind.SERVER, "HUB1").orElseThrow().value().role()).isEqualTo(ServerRole.HUB);
  }

  @Test
  void withoutTheRightToCreateTheNodeSaysWhatTheAdminMustRun() {
    assertThatThrownBy(() -> ServerBootstrap.ensure(directory, TransportServer.edge("EDGE1", "Site-A"), SMTP, false))
        .isInstanceOf(DirectoryException.NotFound.class)
        .hasMessageContaining("new-transportserver --name EDGE1 --role edge --site 'Site-A'");
  }
}
