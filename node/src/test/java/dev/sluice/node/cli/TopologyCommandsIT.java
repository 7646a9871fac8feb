package dev.sluice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.directory.Member;
import dev.sluice.directory.codec.DirectoryCodec;
import dev.sluice.directory.codec.RuntimeCodecs;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.routing.model.ServerRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verbs of sites, links, servers, domains, users, Foreign and Receive connectors and Edge subscriptions. */
class TopologyCommandsIT {
  private static TestingServer server;
  private static CuratorFramework zk;
  private Cli cli;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = new TestingServer(true);
    zk = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryNTimes(3, 100));
    zk.start();
    zk.blockUntilConnected();
  }

  @AfterAll
  static void stop() throws Exception {
    zk.close();
    server.close();
  }

  @BeforeEach
  void directory() {
    cli = new Cli(server, zk);
  }

  @Test
  void sitesAndSiteLinks() {
    cli.twoSitesByCli();
    Cli.Run missing = cli.run("new-sitelink", "--name", "A-C", "--sites", "Site-A,Site-C");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("site 'Site-C' does not exist");

    cli.ok("set-site", "--name", "Site-B", "--hub-site-enabled");
    cli.ok("set-sitelink", "--name", "A-B", "--exchange-cost", "5");
    JsonNode sites = cli.ok("get-site", "--format", "json").json();
    assertThat(sites).extracting(s -> s.get("name").asText() + "=" + s.get("hubSiteEnabled").asBoolean())
        .containsExactly("Site-A=false", "Site-B=true");
    JsonNode link = cli.ok("get-sitelink", "--name", "a-b", "--format", "json").json();
    assertThat(link.get("exchangeCost").asInt()).isEqualTo(5);
    assertThat(link.get("cost").asInt()).isEqualTo(10);
    assertThat(cli.ok("get-sitelink").out()).containsPattern("A-B\\s+Site-A, Site-B\\s+10\\s+5");

    cli.ok("set-sitelink", "--name", "A-B", "--exchange-cost", "none");
    assertThat(cli.ok("get-sitelink", "--name", "A-B", "--format", "json").json().has("exchangeCost")).isFalse();

    Cli.Run inUse = cli.run("remove-site", "--name", "Site-A");
    assertThat(inUse.exitCode()).isEqualTo(1);
    assertThat(inUse.err()).contains("still in use").contains("HUB1");
    cli.ok("remove-sitelink", "--name", "A-B");
    assertThat(cli.ok("get-sitelink", "--format", "json").json()).isEmpty();
  }

  @Test
  void transportServersShowWhetherTheyAreLive() throws Exception {
    cli.twoSites();
    DirectoryLayout layout = DirectoryLayout.at(cli.root());
    Member hub1 = new Member("HUB1", ServerRole.HUB, "Site-A", "127.0.0.1:25", "", "test", Instant.EPOCH, 0);
    zk.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
        .forPath(layout.member("HUB1"), DirectoryCodec.encode(RuntimeCodecs.MEMBER, hub1));

    List<String> table = cli.ok("get-transportserver").out().lines().toList();
    assertThat(table.get(0)).containsPattern("Name\\s+Role\\s+Site\\s+Fqdn\\s+Live");
    assertThat(table.get(1)).containsPattern("HUB1\\s+Hub\\s+Site-A\\s+hub1\\s+true");
    assertThat(table.get(2)).containsPattern("HUB2\\s+Hub\\s+Site-B\\s+hub2\\s+false");
    JsonNode one = cli.ok("get-transportserver", "--name", "hub1", "--format", "json").json();
    assertThat(one.get("live").asBoolean()).isTrue();
    assertThat(one.get("role").asText()).isEqualTo("Hub");

    Cli.Run badRole = cli.run("new-transportserver", "--name", "HUB3", "--role", "mailbox", "--site", "Site-A");
    assertThat(badRole.exitCode()).isEqualTo(2);
    assertThat(badRole.err()).contains("mailbox").contains("Hub, Edge");

    cli.ok("remove-transportserver", "--name", "HUB2");
    assertThat(cli.run("get-transportserver", "--name", "HUB2").exitCode()).isEqualTo(1);
  }

  @Test
  void acceptedDomainsAreFoundByNameOrDomain() {
    cli.ok("new-accepteddomain", "--name", "Contoso", "--domain-name", "Contoso.com");
    cli.ok("new-accepteddomain", "--domain-name", "*.fabrikam.com", "--domain-type", "externalrelay");
    JsonNode contoso = cli.ok("get-accepteddomain", "--name", "contoso", "--format", "json").json();
    assertThat(contoso.get("domainName").asText()).isEqualTo("contoso.com");
    assertThat(contoso.get("domainType").asText()).isEqualTo("Authoritative");
    assertThat(cli.ok("get-accepteddomain").out()).containsPattern("\\*\\.fabrikam\\.com\\s+\\*\\.fabrikam\\.com\\s+ExternalRelay");

    Cli.Run badType = cli.run("new-accepteddomain", "--domain-name", "x.com", "--domain-type", "Sometimes");
    assertThat(badType.exitCode()).isEqualTo(2);
    assertThat(badType.err()).contains("Authoritative, InternalRelay, ExternalRelay");

    cli.ok("remove-accepteddomain", "--name", "Contoso");
    assertThat(cli.ok("get-accepteddomain", "--format", "json").json()).hasSize(1);
  }

  @Test
  void smtpUsersKeepOnlyAHashAndShowOnlyTheirNames() throws Exception {
    Path password = Files.writeString(dir.resolve("alice.password"), "Wonder-land-42\r\n");
    cli.ok("new-smtpuser", "--name", "alice", "--password-file", password.toString());
    Cli.Run again = cli.run("new-smtpuser", "--name", "ALICE", "--password-file", password.toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("exists already");

    String stored = new String(zk.getData().forPath(DirectoryLayout.at(cli.root()).users() + "/alice"),
        StandardCharsets.UTF_8);
    assertThat(stored).contains("pbkdf2-sha256$").doesNotContain("Wonder-land-42");
    JsonNode json = cli.ok("get-smtpuser", "--name", "alice", "--format", "json").json();
    assertThat(json.get("name").asText()).isEqualTo("alice");
    assertThat(json.has("passwordHash")).isFalse();
    assertThat(cli.ok("get-smtpuser").out() + cli.ok("get-smtpuser", "--name", "alice").out())
        .contains("alice").doesNotContain("pbkdf2").doesNotContain("Wonder");

    Cli.Run noFile = cli.run("new-smtpuser", "--name", "bob", "--password-file", dir.resolve("none").toString());
    assertThat(noFile.exitCode()).isEqualTo(1);
    assertThat(noFile.err()).contains("does not exist");
    cli.ok("remove-smtpuser", "--name", "alice");
    assertThat(cli.ok("get-smtpuser", "--format", "json").json()).isEmpty();
  }

  @Test
  void receiveConnectorsAreKnownAsServerBackslashName() {
    cli.twoSites();
    Cli.Run made = cli.run("new-receiveconnector", "--server", "HUB1", "--name", "Default HUB1", "--bindings",
        "0.0.0.0:25,[::]:25", "--permission-groups", "AnonymousUsers,ExchangeServers", "--max-message-size", "20MB");
    assertThat(made.exitCode()).as(made.toString()).isZero();
    assertThat(made.out()).contains("'HUB1\\Default HUB1'");

    cli.ok("set-receiveconnector", "--identity", "hub1\\default hub1", "--max-recipients-per-message", "500",
        "--enabled", "false");
    JsonNode json = cli.ok("get-receiveconnector", "--identity", "HUB1\\Default HUB1", "--format", "json").json();
    assertThat(json.get("identity").asText()).isEqualTo("HUB1\\Default HUB1");
    assertThat(json.get("bindings")).extracting(JsonNode::asText).containsExactly("0.0.0.0:25", "[::]:25");
    assertThat(json.get("permissionGroups")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("AnonymousUsers", "ExchangeServers");
    assertThat(json.get("authMechanism")).extracting(JsonNode::asText).containsExactly("Tls");
    assertThat(json.get("limits").get("maxMessageSize").asText()).isEqualTo("20MB");
    assertThat(json.get("limits").get("maxRecipientsPerMessage").asInt()).isEqualTo(500);
    assertThat(json.get("enabled").asBoolean()).isFalse();
    assertThat(cli.ok("get-receiveconnector", "--server", "HUB2").out().lines()).hasSize(1);
    assertThat(cli.ok("get-receiveconnector").out()).contains("HUB1\\Default HUB1");

    Cli.Run badIdentity = cli.run("get-receiveconnector", "--identity", "Default HUB1");
    assertThat(badIdentity.exitCode()).isEqualTo(1);
    assertThat(badIdentity.err()).contains("SERVER\\Name");
    Cli.Run noServer = cli.run("new-receiveconnector", "--server", "HUB9", "--name", "X", "--bindings", "0.0.0.0:25");
    assertThat(noServer.exitCode()).isEqualTo(1);
    assertThat(noServer.err()).contains("HUB9").contains("new-transportserver");

    cli.ok("remove-receiveconnector", "--identity", "HUB1\\Default HUB1");
    assertThat(cli.ok("get-receiveconnector", "--format", "json").json()).isEmpty();
  }

  @Test
  void foreignConnectors() {
    cli.twoSites();
    Cli.Run made = cli.run("new-foreignconnector", "--name", "Fax", "--address-spaces", "FAX:*;1",
        "--source-transport-servers", "HUB1", "--drop-directory", "/var/spool/fax");
    assertThat(made.exitCode()).as(made.toString()).isZero();
    JsonNode json = cli.ok("get-foreignconnector", "--name", "Fax", "--format", "json").json();
    assertThat(json.get("dropDirectory").asText()).isEqualTo("/var/spool/fax");
    assertThat(json.get("maxMessageSize").asText()).isEqualTo("unlimited");
    assertThat(cli.ok("get-foreignconnector").out()).containsPattern("Fax\\s+FAX:\\*;1\\s+HUB1\\s+/var/spool/fax");
    cli.ok("remove-foreignconnector", "--name", "Fax");
    assertThat(cli.run("get-foreignconnector", "--name", "Fax").exitCode()).isEqualTo(1);
  }

  @Test
  void edgeSubscriptionsStoreTheirEdgeSyncConnectors() {
    cli.twoSites();
    cli.ok("new-transportserver", "--name", "EDGE1", "--role", "edge", "--site", "Site-A");
    Cli.Run made = cli.run("new-edgesubscription", "--edge-server", "EDGE1", "--site", "Site-A");
    assertThat(made.exitCode()).as(made.toString()).isZero();
    assertThat(made.out()).contains("EdgeSync - Site-A to Internet").contains("EdgeSync - Inbound to Site-A");
    assertThat(cli.ok("get-edgesubscription", "--format", "json").json())
        .extracting(s -> s.get("edgeServer").asText() + "@" + s.get("site").asText()).containsExactly("EDGE1@Site-A");
    assertThat(cli.ok("get-sendconnector").out()).contains("EdgeSync - Inbound to Site-A");

    Cli.Run inUse = cli.run("remove-transportserver", "--name", "EDGE1");
    assertThat(inUse.exitCode()).isEqualTo(1);
    cli.ok("remove-edgesubscription", "--identity", "EDGE1");
    assertThat(cli.ok("get-sendconnector", "--format", "json").json()).isEmpty();
  }
}
