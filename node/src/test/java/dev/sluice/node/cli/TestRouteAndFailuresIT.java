package dev.sluice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooDefs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import dev.sluice.directory.zookeeper.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** test-route, and the failures every verb shares: ZooKeeper unreachable, access denied, bad options. */
class TestRouteAndFailuresIT {
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
  void testRouteShowsEveryCandidateAndWhyTheWinnerWon() {
    cli.twoSites();
    cli.ok("new-sendconnector", "--name", "Internet", "--usage", "Internet", "--address-spaces", "*",
        "--source-transport-servers", "HUB1");
    cli.ok("new-sendconnector", "--name", "Contoso", "--address-spaces", "*.contoso.com;5",
        "--source-transport-servers", "HUB2", "--smart-hosts", "mail.contoso.com:2525");
    cli.ok("new-sendconnector", "--name", "Contoso Cheap", "--address-spaces", "*.contoso.com;1",
        "--source-transport-servers", "HUB1", "--smart-hosts", "[192.0.2.7]");

    JsonNode json = cli.ok("test-route", "--server", "HUB1", "--recipient", "user@sales.contoso.com",
        "--assume-all-live", "--format", "json").json();
    assertThat(json.get("decision").asText()).isEqualTo("Deliver");
    assertThat(json.get("connector").asText()).isEqualTo("Contoso Cheap");
    assertThat(json.get("nextHop").asText()).startsWith("SmartHostConnectorDelivery:");
    assertThat(json.get("hosts")).extracting(JsonNode::asText).containsExactly("[192.0.2.7]:25");
    assertThat(json.get("rule").asText()).contains("won over");
    JsonNode candidates = json.get("candidates");
    assertThat(candidates).extracting(c -> c.get("connector").asText())
        .containsExactly("Contoso Cheap", "Contoso", "Internet");
    assertThat(candidates.get(0).get("outcome").asText()).isEqualTo("won");
    assertThat(candidates.get(1).get("outcome").asText()).contains("higher aggregate cost");
    assertThat(candidates.get(2).get("outcome").asText()).contains("more specific");
    assertThat(candidates.get(0).get("specificity").asInt()).isGreaterThan(candidates.get(2).get("specificity").asInt());

    String table = cli.ok("test-route", "--server", "HUB1", "--recipient", "user@sales.contoso.com",
        "--assume-all-live").out();
    assertThat(table).containsPattern("Decision\\s+: Deliver").containsPattern("Connector\\s+: Contoso Cheap")
        .containsPattern("Connector\\s+AddressSpace\\s+Specificity\\s+AggregateCost\\s+Proximity\\s+Outcome")
        .containsPattern("Contoso Cheap\\s+SMTP:\\*\\.contoso\\.com;1\\s+\\d+\\s+1\\s+0\\s+won");
  }

  @Test
  void withoutLiveMembersTheRouteSaysSoAndTooBigMessagesFail() {
    cli.twoSites();
    cli.ok("new-sendconnector", "--name", "Internet", "--address-spaces", "*", "--source-transport-servers", "HUB2");
    JsonNode dead = cli.ok("test-route", "--server", "HUB1", "--recipient", "a@example.org", "--format", "json").json();
    assertThat(dead.get("connector").asText()).isEqualTo("Internet");
    assertThat(dead.get("hosts")).isEmpty();

    JsonNode big = cli.ok("test-route", "--server", "HUB1", "--recipient", "a@example.org", "--size", "20000000",
        "--format", "json").json();
    assertThat(big.get("decision").asText()).isEqualTo("Failed");
    assertThat(big.get("reason").asText()).contains("larger than the MaxMessageSize");
  }

  @Test
  void anUnreachableZooKeeperGivesUpNamingTheAddress() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    long start = System.nanoTime();
    Cli.Run run = Cli.raw("get-site", "--zookeeper", "127.0.0.1:" + closed, "--connect-timeout", "1s");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err().strip()).contains("127.0.0.1:" + closed).contains("--zookeeper");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(took).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void aDirectoryThatMayNotBeWrittenIsAccessDenied() throws Exception {
    zk.create().creatingParentsIfNeeded().withACL(ZooDefs.Ids.READ_ACL_UNSAFE).forPath(cli.root());
    Cli.Run run = cli.run("new-site", "--name", "Site-A");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("not allowed").contains(cli.root());
  }

  @Test
  void aBadCredentialsFileIsAUsageErrorThatShowsNoSecret() throws Exception {
    Path credentials = Files.writeString(dir.resolve("admin.credentials"), "role: admin\nuser: admin\npassword: s3cret\n");
    Cli.Run run = cli.run("get-site", "--credentials-file", credentials.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("node-group-password").contains(credentials.toString()).doesNotContain("s3cret");
  }

  @Test
  void withCredentialsTheAdminWritesAndANodeOnlyReads() throws Exception {
    Path admin = Files.writeString(dir.resolve("admin.credentials"),
        "role: admin\nuser: admin\npassword: admin-pw\nnode-group-password: group-pw\n");
    Path node = Files.writeString(dir.resolve("hub1.credentials"), "role: node\nuser: HUB1\npassword: hub1-pw\n"
        + "node-group-password: group-pw\nadmin-digest: " + Credentials.digest("admin", "admin-pw") + "\n");
    cli.ok("new-site", "--name", "Site-A", "--credentials-file", admin.toString());
    cli.ok("new-transportserver", "--name", "HUB1", "--role", "hub", "--site", "Site-A",
        "--credentials-file", admin.toString());
    JsonNode receive = cli.ok("get-receiveconnector", "--format", "json", "--credentials-file", admin.toString()).json();
    assertThat(receive.toString()).contains("Default HUB1");

    Cli.Run denied = cli.run("new-site", "--name", "Site-B", "--credentials-file", node.toString());
    assertThat(denied.exitCode()).as(denied.toString()).isEqualTo(4);
    assertThat(denied.err()).contains("not allowed");
    assertThat(cli.ok("get-site", "--format", "json", "--credentials-file", node.toString()).out()).contains("Site-A");
    Cli.Run anonymous = cli.run("get-site");
    assertThat(anonymous.exitCode()).as(anonymous.toString()).isEqualTo(4);
  }

  @Test
  void rootAndOrganizationAreOneOrTheOther() {
    Cli.Run both = Cli.raw("get-site", "--zookeeper", server.getConnectString(), "--root", "/x", "--organization", "y");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("--root or --organization");

    Cli.Run org = Cli.raw("new-site", "--zookeeper", server.getConnectString(), "--organization", "contoso",
        "--name", "Site-A");
    assertThat(org.exitCode()).isZero();
    assertThat(Cli.raw("get-site", "--zookeeper", server.getConnectString(), "--root", "/sluice/contoso").out())
        .contains("Site-A");
  }

  @Test
  void verboseAddsTheStackTrace() {
    Cli.Run quiet = cli.run("get-site", "--name", "Nowhere");
    Cli.Run verbose = cli.run("get-site", "--name", "Nowhere", "--verbose");
    assertThat(quiet.err().lines()).hasSize(1);
    assertThat(verbose.exitCode()).isEqualTo(1);
    assertThat(verbose.err()).contains("no site 'Nowhere' exists").contains("\tat ");
  }

  @Test
  void anEmptyListingPrintsItsHeaderOrAnEmptyArray() {
    Cli.Run nothing = cli.run("get-site");
    assertThat(nothing.exitCode()).isEqualTo(1);
    assertThat(nothing.err()).contains("has no /config yet").contains("new-*");

    cli.ok("new-site", "--name", "Site-A");
    assertThat(cli.ok("get-smtpuser").out().lines().toList()).isEqualTo(List.of("Name"));
    assertThat(cli.ok("get-foreignconnector", "--format", "JSON").json()).isEmpty();
  }
}
