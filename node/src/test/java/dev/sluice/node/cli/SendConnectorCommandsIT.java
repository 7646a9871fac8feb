package dev.sluice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** new-, set-, get- and remove-sendconnector and the AD permission verbs against a real ZooKeeper. */
class SendConnectorCommandsIT {
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
    cli = new Cli(server, zk).twoSites();
  }

  @Test
  void aNewConnectorShowsItsUsageTypesDefaultsInBothFormats() {
    Cli.Run made = cli.run("new-sendconnector", "--name", "Internet", "--usage", "Internet", "--address-spaces", "*",
        "--source-transport-servers", "HUB1,HUB2");
    assertThat(made.exitCode()).as(made.toString()).isZero();
    assertThat(made.out()).contains("Created Send connector 'Internet'");

    JsonNode json = cli.ok("get-sendconnector", "--name", "internet", "--format", "json").json();
    assertThat(json.get("usageType").asText()).isEqualTo("Internet");
    assertThat(json.get("permissions").get("Anonymous")).extracting(JsonNode::asText)
        .containsExactly("Ms-Exch-Send-Headers-Routing");
    assertThat(json.get("dnsRoutingEnabled").asBoolean()).isTrue();
    assertThat(json.get("smartHostAuthMechanism").asText()).isEqualTo("None");
    assertThat(json.get("maxMessageSize").asText()).isEqualTo("10MB");
    assertThat(json.get("sourceTransportServers")).extracting(JsonNode::asText).containsExactly("HUB1", "HUB2");
    assertThat(json.get("version").asInt()).isZero();

    String table = cli.ok("get-sendconnector", "--name", "Internet").out();
    assertThat(table).containsPattern("Permissions\\s+: Anonymous: Ms-Exch-Send-Headers-Routing")
        .containsPattern("UsageType\\s+: Internet");

    cli.ok("new-sendconnector", "--name", "ToHub2", "--usage", "Internal", "--address-spaces", "contoso.com",
        "--source-transport-servers", "HUB1", "--smart-hosts", "[192.0.2.1]:2525");
    JsonNode internal = cli.ok("get-sendconnector", "--name", "ToHub2", "--format", "json").json();
    assertThat(internal.get("smartHostAuthMechanism").asText()).isEqualTo("ExchangeServer");
    assertThat(internal.get("dnsRoutingEnabled").asBoolean()).isFalse();
    assertThat(internal.get("permissions").get("ExchangeServers")).hasSize(4);

    List<String> lines = cli.ok("get-sendconnector").out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("Name").contains("AddressSpaces", "SourceTransportServers", "Enabled");
    assertThat(lines.get(1)).startsWith("Internet").contains("SMTP:*;1", "HUB1, HUB2");
    assertThat(lines.get(2)).startsWith("ToHub2").contains("[192.0.2.1]:2525");
    JsonNode all = cli.ok("get-sendconnector", "--format", "json").json();
    assertThat(all.isArray()).isTrue();
    assertThat(all).extracting(n -> n.get("name").asText()).containsExactly("Internet", "ToHub2");
  }

  @Test
  void setChangesOnlyWhatIsGivenAndBooleansTakeExplicitValues() {
    cli.ok("new-sendconnector", "--name", "Internet", "--usage", "Internet", "--address-spaces", "*",
        "--source-transport-servers", "HUB1", "--max-message-size", "20MB", "--connection-inactivity-timeout", "5m");
    Cli.Run set = cli.run("set-sendconnector", "--name", "Internet", "--comment", "to the world", "--enabled", "false",
        "--force-helo", "--max-message-size", "512KB");
    assertThat(set.exitCode()).as(set.toString()).isZero();

    JsonNode json = cli.ok("get-sendconnector", "--name", "Internet", "--format", "json").json();
    assertThat(json.get("comment").asText()).isEqualTo("to the world");
    assertThat(json.get("enabled").asBoolean()).isFalse();
    assertThat(json.get("forceHELO").asBoolean()).isTrue();
    assertThat(json.get("maxMessageSize").asText()).isEqualTo("512KB");
    assertThat(json.get("connectionInactivityTimeOut").asText()).isEqualTo("00:05:00");
    assertThat(json.get("permissions").get("Anonymous")).hasSize(1);
    assertThat(json.get("version").asInt()).isEqualTo(1);

    cli.ok("set-sendconnector", "--name", "Internet", "--enabled", "--connection-inactivity-timeout", "1.00:00:00");
    JsonNode again = cli.ok("get-sendconnector", "--name", "Internet", "--format", "json").json();
    assertThat(again.get("enabled").asBoolean()).isTrue();
    assertThat(again.get("connectionInactivityTimeOut").asText()).isEqualTo("1.00:00:00");
    assertThat(again.get("comment").asText()).isEqualTo("to the world");
  }

  @Test
  void theUsageTypeIsChosenAtCreationOnly() {
    cli.ok("new-sendconnector", "--name", "Internet", "--address-spaces", "*", "--source-transport-servers", "HUB1");
    Cli.Run refused = cli.run("set-sendconnector", "--name", "Internet", "--usage", "Partner");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("UsageType is chosen at creation");
    assertThat(cli.ok("get-sendconnector", "--name", "Internet", "--format", "json").json().get("usageType").asText())
        .isEqualTo("Custom");
  }

  @Test
  void aSecondWriterWhoReadTheOldVersionGetsAConflict() {
    cli.ok("new-sendconnector", "--name", "Internet", "--address-spaces", "*", "--source-transport-servers", "HUB1");
    int seen = cli.ok("get-sendconnector", "--name", "Internet", "--format", "json").json().get("version").asInt();

    cli.ok("set-sendconnector", "--name", "Internet", "--comment", "theirs", "--if-version", "" + seen);
    Cli.Run mine = cli.run("set-sendconnector", "--name", "Internet", "--comment", "mine", "--if-version", "" + seen);

    assertThat(mine.exitCode()).isEqualTo(1);
    assertThat(mine.err()).contains("changed by someone else").contains("read it again");
    assertThat(mine.err().lines()).hasSize(1);
    assertThat(cli.ok("get-sendconnector", "--name", "Internet", "--format", "json").json().get("comment").asText())
        .isEqualTo("theirs");
  }

  @Test
  void exchangesDoubleDashValuesReachTheConnector() {
    cli.ok("new-transportserver", "--name", "EDGE1", "--role", "edge", "--site", "Site-A");
    cli.ok("new-accepteddomain", "--domain-name", "contoso.com");
    cli.ok("new-edgesubscription", "--edge-server", "EDGE1", "--site", "Site-A");
    Cli.Run made = cli.run("new-sendconnector", "--name", "Inbound", "--address-spaces=--", "--smart-hosts", "--",
        "--source-transport-servers", "EDGE1", "--dns-routing-enabled", "false");
    assertThat(made.exitCode()).as(made.toString()).isZero();
    JsonNode json = cli.ok("get-sendconnector", "--name", "Inbound", "--format", "json").json();
    assertThat(json.get("addressSpaces")).extracting(JsonNode::asText).containsExactly("SMTP:--;1");
    assertThat(json.get("smartHosts")).extracting(JsonNode::asText).containsExactly("--");
  }

  @Test
  void aValidationRefusalSaysWhatToFixOneProblemALine() {
    Cli.Run refused = cli.run("new-sendconnector", "--name", "Broken", "--address-spaces", "contoso.com",
        "--smart-hosts=--", "--source-transport-servers", "HUB9");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err().lines()).hasSizeGreaterThanOrEqualTo(2)
        .allMatch(l -> l.startsWith("Send connector 'Broken', "));
    assertThat(refused.err()).contains("HUB9").contains("'--'").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(cli.run("get-sendconnector", "--name", "Broken").exitCode()).isEqualTo(1);
  }

  @Test
  void aMalformedValueIsAUsageErrorNamingIt() {
    Cli.Run bad = cli.run("new-sendconnector", "--name", "X", "--address-spaces", "*", "--source-transport-servers",
        "HUB1", "--max-message-size", "10XB");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err().lines()).hasSize(1);
    assertThat(bad.err()).contains("--max-message-size").contains("10XB").contains("10MB");

    Cli.Run space = cli.run("new-sendconnector", "--name", "X", "--address-spaces", "*contoso.com",
        "--source-transport-servers", "HUB1");
    assertThat(space.exitCode()).isEqualTo(2);
    assertThat(space.err()).contains("*contoso.com");

    Cli.Run flag = cli.run("set-sendconnector", "--name", "X", "--enabled", "maybe");
    assertThat(flag.exitCode()).isEqualTo(2);
    assertThat(flag.err()).contains("maybe");
  }

  @Test
  void smartHostCredentialsAreSealedNeverPrintedAndRemovedWithTheConnector() throws Exception {
    Path password = Files.writeString(dir.resolve("relay.password"), "S3cret-Pa55\n");
    Path key = dir.resolve("keys/cluster.key");
    Cli.Run made = cli.run("new-sendconnector", "--name", "Relay Out", "--address-spaces", "fabrikam.com",
        "--source-transport-servers", "HUB1", "--smart-hosts", "relay.example.com", "--smart-host-auth-mechanism",
        "BasicAuthRequireTLS", "--auth-username", "relay-user", "--auth-password-file", password.toString(),
        "--cluster-key-file", key.toString());
    assertThat(made.exitCode()).as(made.toString()).isZero();
    assertThat(key).exists();

    for (String format : List.of("table", "json")) {
      Cli.Run one = cli.ok("get-sendconnector", "--name", "Relay Out", "--format", format);
      Cli.Run all = cli.ok("get-sendconnector", "--format", format);
      assertThat(one.out() + all.out()).doesNotContain("S3cret-Pa55").doesNotContain("relay-user");
    }
    JsonNode json = cli.ok("get-sendconnector", "--name", "Relay Out", "--format", "json").json();
    assertThat(json.get("authenticationCredential").asText()).isEqualTo("smarthost-relay out");

    List<String> everything = dataUnder(cli.root());
    assertThat(everything).anyMatch(d -> d.contains("AES-256-GCM"));
    assertThat(everything).noneMatch(d -> d.contains("S3cret-Pa55") || d.contains("relay-user"));

    Path other = Files.writeString(dir.resolve("other.password"), "0ther-Pa55");
    cli.ok("set-sendconnector", "--name", "Relay Out", "--auth-username", "second-user", "--auth-password-file",
        other.toString(), "--cluster-key-file", key.toString());
    assertThat(dataUnder(cli.root())).noneMatch(d -> d.contains("0ther-Pa55") || d.contains("second-user"));

    cli.ok("remove-sendconnector", "--name", "Relay Out");
    assertThat(zk.checkExists().forPath(cli.root() + "/secrets/smarthost-relay out")).isNull();
  }

  @Test
  void halfACredentialIsAUsageError() {
    Cli.Run half = cli.run("new-sendconnector", "--name", "Relay", "--address-spaces", "fabrikam.com",
        "--source-transport-servers", "HUB1", "--auth-username", "relay-user");
    assertThat(half.exitCode()).isEqualTo(2);
    assertThat(half.err()).contains("--auth-password-file");
  }

  @Test
  void permissionsAreGrantedAndRevoked() {
    cli.ok("new-sendconnector", "--name", "Internet", "--usage", "Internet", "--address-spaces", "*",
        "--source-transport-servers", "HUB1");
    Cli.Run granted = cli.run("add-adpermission", "--identity", "Internet", "--user", "Partner Servers",
        "--extended-rights", "ms-Exch-Send-Headers-Forest,Ms-Exch-Send-Headers-Organization");
    assertThat(granted.exitCode()).as(granted.toString()).isZero();
    assertThat(granted.out()).contains("to PartnerServers");
    cli.ok("remove-adpermission", "--identity", "Internet", "--user", "Anonymous", "--extended-rights",
        "Ms-Exch-Send-Headers-Routing");

    JsonNode permissions = cli.ok("get-sendconnector", "--name", "Internet", "--format", "json").json().get("permissions");
    assertThat(permissions.has("Anonymous")).isFalse();
    assertThat(permissions.get("PartnerServers")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("Ms-Exch-Send-Headers-Forest", "Ms-Exch-Send-Headers-Organization");

    Cli.Run badRight = cli.run("add-adpermission", "--identity", "Internet", "--user", "Anonymous", "--extended-rights",
        "Send-Everything");
    assertThat(badRight.exitCode()).isEqualTo(2);
    assertThat(badRight.err()).contains("Send-Everything").contains("Ms-Exch-Send-Headers-Routing");
  }

  @Test
  void removingAndShowingWhatDoesNotExistIsRefused() {
    Cli.Run get = cli.run("get-sendconnector", "--name", "Nowhere");
    assertThat(get.exitCode()).isEqualTo(1);
    assertThat(get.err().strip()).isEqualTo("no Send connector 'Nowhere' exists");
    Cli.Run remove = cli.run("remove-sendconnector", "--name", "Nowhere");
    assertThat(remove.exitCode()).isEqualTo(1);
    assertThat(remove.err()).contains("'Nowhere'");
  }

  /** The data of every znode under {@code root}, as text. */
  private static List<String> dataUnder(String root) throws Exception {
    List<String> out = new ArrayList<>();
    List<String> pending = new ArrayList<>(List.of(root));
    while (!pending.isEmpty() && out.size() < 10_000) {
      String path = pending.remove(pending.size() - 1);
      byte[] data = zk.getData().forPath(path);
      out.add(data == null ? "" : new String(data, StandardCharsets.UTF_8));
      for (String child : zk.getChildren().forPath(path)) {
        pending.add(path + "/" + child);
      }
    }
    return out;
  }
}
