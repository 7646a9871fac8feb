package dev.sluice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.directory.Member;
import dev.sluice.directory.codec.DirectoryCodec;
import dev.sluice.directory.codec.RuntimeCodecs;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.directory.secrets.ClusterKey;
import dev.sluice.node.admin.AdminServer;
import dev.sluice.node.admin.InMemoryQueueAdmin;
import dev.sluice.routing.model.ServerRole;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue verbs through the real command line, against members registered in a real ZooKeeper whose
 * admin endpoints are AdminServers over in-memory queues on 127.0.0.1 and 127.0.0.2.
 */
class QueueCommandsIT {
  private static TestingServer server;
  private static CuratorFramework zk;
  @TempDir Path dir;
  private Cli cli;
  private String keyFile;
  private ClusterKey key;
  private final List<AdminServer> endpoints = new ArrayList<>();

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
    keyFile = dir.resolve("cluster.key").toString();
    key = ClusterKey.loadOrGenerate(Path.of(keyFile));
  }

  @AfterEach
  void closeEndpoints() {
    endpoints.forEach(AdminServer::close);
  }

  @Test
  void getQueueListsAsATableWithGetQueuesColumnsAndAsJson() throws Exception {
    node("HUB1", "127.0.0.1");
    Cli.Run table = cli.ok("get-queue", "--cluster-key-file", keyFile);
    List<String> lines = table.out().lines().toList();
    assertThat(lines.get(0)).matches(
        "Identity\\s+DeliveryType\\s+Status\\s+MessageCount\\s+NextRetryTime\\s+NextHopDomain\\s+LastError");
    assertThat(lines.get(1)).matches("HUB1\\\\3\\s+SmartHostConnectorDelivery\\s+Retry\\s+1\\s+2026-05-01T10:05:00Z"
        + "\\s+contoso\\.com\\s+451 4\\.4\\.0 smarthost\\.contoso\\.com: connection refused");
    assertThat(lines.get(2)).matches("HUB1\\\\Unreachable\\s+Unreachable\\s+Ready\\s+1\\s*");
    assertThat(lines).hasSize(3);

    JsonNode json = cli.ok("get-queue", "--cluster-key-file", keyFile, "--format", "json").json();
    assertThat(json).extracting(q -> q.get("identity").asText()).containsExactly("HUB1\\3", "HUB1\\Unreachable");
    assertThat(json.get(1).get("nextRetryTime").isNull()).isTrue();

    JsonNode one = cli.ok("get-queue", "--cluster-key-file", keyFile, "--identity", "HUB1\\3", "--format", "json")
        .json();
    assertThat(one.get("connector").asText()).isEqualTo("To Internet");
    assertThat(cli.ok("get-queue", "--cluster-key-file", keyFile, "--identity", "3").out())
        .containsPattern("Identity\\s+: HUB1\\\\3").containsPattern("Connector\\s+: To Internet");
  }

  @Test
  void getMessageListsAQueuesMessagesOrEveryQueues() {
    node("HUB1", "127.0.0.1");
    List<String> lines = cli.ok("get-message", "--cluster-key-file", keyFile, "--queue", "HUB1\\3").out().lines()
        .toList();
    assertThat(lines.get(0)).matches("Identity\\s+FromAddress\\s+Status\\s+Size\\s+Queue\\s+Recipients\\s+LastError");
    assertThat(lines.get(1)).matches("HUB1\\\\3\\\\17\\s+kim@fabrikam\\.com\\s+Retry\\s+2048\\s+HUB1\\\\3"
        + "\\s+ann@contoso\\.com, bob@contoso\\.com\\s+451 4\\.4\\.0 connection refused");
    assertThat(lines).hasSize(2);

    JsonNode all = cli.ok("get-message", "--cluster-key-file", keyFile, "--format", "json").json();
    assertThat(all).extracting(m -> m.get("queue").asText()).containsExactly("HUB1\\3", "HUB1\\Unreachable");
    assertThat(all.get(1).get("fromAddress").asText()).isEmpty();
    assertThat(all.get(0).get("receivedAt").asText()).isEqualTo("2026-05-01T09:58:00Z");
  }

  @Test
  void suspendResumeAndRetryReachTheNodesQueues() {
    InMemoryQueueAdmin queues = node("HUB1", "127.0.0.1");
    assertThat(cli.ok("suspend-queue", "--cluster-key-file", keyFile, "--identity", "HUB1\\3").out())
        .isEqualTo("Suspended queue 'HUB1\\3': now Suspended, 1 message." + System.lineSeparator());
    assertThat(cli.ok("get-queue", "--cluster-key-file", keyFile, "--identity", "HUB1\\3", "--format", "json").json()
        .get("status").asText()).isEqualTo("Suspended");
    assertThat(cli.ok("resume-queue", "--cluster-key-file", keyFile, "--identity", "3", "--server", "hub1").out())
        .contains("Resumed queue 'HUB1\\3': now Retry");
    JsonNode retried = cli.ok("retry-queue", "--cluster-key-file", keyFile, "--identity", "HUB1\\3", "--format", "json")
        .json();
    assertThat(retried.get("status").asText()).isEqualTo("Ready");
    assertThat(retried.get("nextRetryTime").isNull()).isTrue();
    assertThat(queues.calls()).containsExactly("suspend HUB1\\3", "resume HUB1\\3", "retry HUB1\\3");
  }

  @Test
  void anUnknownQueueIsRefusedSayingHowToListThem() {
    InMemoryQueueAdmin queues = node("HUB1", "127.0.0.1");
    Cli.Run run = cli.run("suspend-queue", "--cluster-key-file", keyFile, "--identity", "HUB1\\9");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("no queue HUB1\\9").contains("get-queue");
    assertThat(queues.calls()).isEmpty();
  }

  @Test
  void aNodeThatIsNotRunningIsRefusedListingThoseThatAre() {
    node("HUB1", "127.0.0.1");
    Cli.Run unknown = cli.run("get-queue", "--cluster-key-file", keyFile, "--server", "HUB9");
    assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(1);
    assertThat(unknown.err()).contains("node HUB9 is not running").contains("running: HUB1");
    Cli.Run byIdentity = cli.run("retry-queue", "--cluster-key-file", keyFile, "--identity", "HUB9\\3");
    assertThat(byIdentity.exitCode()).isEqualTo(1);
    assertThat(byIdentity.err()).contains("node HUB9 is not running");

    Cli.Run none = new Cli(server, zk).run("get-queue", "--cluster-key-file", keyFile);
    assertThat(none.exitCode()).as(none.toString()).isEqualTo(1);
    assertThat(none.err()).contains("no node is running");
  }

  @Test
  void withTwoNodesTheServerMustBeNamed() {
    node("HUB1", "127.0.0.1");
    InMemoryQueueAdmin hub2 = node("HUB2", "127.0.0.2");
    Cli.Run unnamed = cli.run("get-queue", "--cluster-key-file", keyFile);
    assertThat(unnamed.exitCode()).as(unnamed.toString()).isEqualTo(2);
    assertThat(unnamed.err()).contains("2 nodes are running (HUB1, HUB2)").contains("--server");

    JsonNode queues = cli.ok("get-queue", "--cluster-key-file", keyFile, "--server", "HUB2", "--format", "json").json();
    assertThat(queues).extracting(q -> q.get("identity").asText()).containsExactly("HUB2\\3", "HUB2\\Unreachable");
    cli.ok("suspend-queue", "--cluster-key-file", keyFile, "--identity", "HUB2\\Unreachable");
    assertThat(hub2.calls()).containsExactly("suspend HUB2\\Unreachable");

    Cli.Run conflict = cli.run("suspend-queue", "--cluster-key-file", keyFile, "--server", "HUB1", "--identity",
        "HUB2\\3");
    assertThat(conflict.exitCode()).isEqualTo(2);
    assertThat(conflict.err()).contains("is on HUB2, not on --server HUB1");
  }

  @Test
  void anotherClusterKeyIsAccessDeniedNamingTheFile() {
    InMemoryQueueAdmin queues = node("HUB1", "127.0.0.1");
    String otherFile = dir.resolve("other.key").toString();
    ClusterKey.loadOrGenerate(Path.of(otherFile));
    Cli.Run run = cli.run("suspend-queue", "--cluster-key-file", otherFile, "--identity", "HUB1\\3");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err()).contains("cluster key file " + otherFile).contains("does not match this node's");
    assertThat(queues.calls()).isEmpty();

    Cli.Run missing = cli.run("get-queue", "--cluster-key-file", dir.resolve("none.key").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("none.key does not exist");
  }

  @Test
  void anEndpointThatDoesNotAnswerIsUnreachableNamingItsAddress() throws Exception {
    AdminServer gone = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), InMemoryQueueAdmin.of("HUB1"), key,
        Clock.systemUTC());
    String address = "127.0.0.1:" + gone.address().getPort();
    gone.close();
    register(new Member("HUB1", ServerRole.HUB, "Site-A", "127.0.0.1:25", address, "test", Instant.now(), 0));
    Cli.Run run = cli.run("get-queue", "--cluster-key-file", keyFile);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.err()).contains("cannot reach the admin endpoint at " + address).contains("admin.listen");
  }

  /** Starts an admin endpoint for {@code name}'s queues on {@code host} and registers the node as a member. */
  private InMemoryQueueAdmin node(String name, String host) {
    InMemoryQueueAdmin queues = InMemoryQueueAdmin.of(name);
    try {
      AdminServer admin = AdminServer.start(new InetSocketAddress(host, 0), queues, key, Clock.systemUTC());
      endpoints.add(admin);
      register(new Member(name, ServerRole.HUB, "Site-A", host + ":25", host + ":" + admin.address().getPort(), "test",
          Instant.now(), 2));
    } catch (Exception e) {
      throw new AssertionError("cannot start the admin endpoint of " + name, e);
    }
    return queues;
  }

  private void register(Member member) throws Exception {
    zk.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
        .forPath(DirectoryLayout.at(cli.root()).member(member.server()), DirectoryCodec.encode(RuntimeCodecs.MEMBER, member));
  }
}
