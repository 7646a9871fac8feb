package dev.sluice.node.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.directory.DirectoryException;
import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.Member;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.directory.zookeeper.RegistrationStatus;
import dev.sluice.routing.RoutingTable;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.TransportServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's side of the directory against a real ZooKeeper: start, seed, routing from the snapshot. */
class NodeDirectoryIT {
  private static final ReceiveConnector.Binding SMTP = ReceiveConnector.Binding.parse("127.0.0.1:2525");
  private static final TransportServer HUB = TransportServer.hub("SLUICE", "Default-First-Site-Name");
  private static final Member MEMBER =
      new Member("SLUICE", ServerRole.HUB, "Default-First-Site-Name", "127.0.0.1:2525", "", "test", Instant.EPOCH, 0);

  @TempDir Path data;
  private TestingServer server;
  private ScheduledExecutorService executor;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(true);
    executor = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void stop() throws Exception {
    executor.shutdownNow();
    server.close();
  }

  private NodeDirectory.Settings settings() {
    return new NodeDirectory.Settings(server.getConnectString(), DirectoryLayout.at("/sluice/default"), Optional.empty(),
        Duration.ofSeconds(10), Duration.ofSeconds(10), SECRETS);
  }

  private static final dev.sluice.directory.secrets.SecretBox SECRETS = new dev.sluice.directory.secrets.SecretBox(
      dev.sluice.directory.secrets.ClusterKey.generate(new java.security.SecureRandom()), new java.security.SecureRandom());

  @Test
  void theFirstStartMakesTheServerRegistersAndRoutesTheSeededDomainToTheDropDirectory() {
    List<DirectorySnapshot> seen = new CopyOnWriteArrayList<>();
    try (NodeDirectory node = NodeDirectory.start(settings(), HUB, SMTP, MEMBER, Clock.systemUTC(), executor, seen::add)) {
      EmbeddedSeed.seed(node.directory(), HUB.name(), data.resolve("drop"));
      String secret = node.nodeSecrets().read(HUB.name()).orElseThrow();
      assertThat(node.nodeSecrets().verify(HUB.name(), secret)).isTrue();
      await().atMost(Duration.ofSeconds(20)).until(() -> node.snapshot()
          .filter(s -> !s.config().foreignConnectors().isEmpty() && s.member("SLUICE").isPresent()).isPresent());
      DirectorySnapshot snapshot = node.snapshot().orElseThrow();
      assertThat(snapshot.config().servers()).containsExactly(HUB);
      assertThat(snapshot.config().receiveConnectors()).extracting(ReceiveConnector::name).containsExactly("Default SLUICE");
      assertThat(node.registrationStatus()).isEqualTo(RegistrationStatus.REGISTERED);
      assertThat(node.snapshotAgeSeconds()).isGreaterThanOrEqualTo(0);
      assertThat(node.isConnected()).isTrue();

      RoutingDecision decision = RoutingTable.build(snapshot.config(), snapshot.liveness())
          .resolve("SLUICE", "someone@sluice.test", 1000);
      assertThat(decision).isInstanceOf(RoutingDecision.Deliver.class);
      assertThat(decision.connectorName()).hasValue(EmbeddedSeed.CONNECTOR);
    }
    // A second start finds everything in place and seeds nothing twice.
    try (NodeDirectory node = NodeDirectory.start(settings(), HUB, SMTP, MEMBER, Clock.systemUTC(), executor, s -> { })) {
      EmbeddedSeed.seed(node.directory(), HUB.name(), data.resolve("drop"));
      assertThat(node.directory().readConfig().foreignConnectors()).hasSize(1);
      assertThat(node.directory().readConfig().acceptedDomains()).hasSize(1);
    }
  }

  @Test
  void aStartWhoseSiteDiffersFromTheStoredServerIsRefused() {
    try (NodeDirectory node = NodeDirectory.start(settings(), HUB, SMTP, MEMBER, Clock.systemUTC(), executor, s -> { })) {
      assertThat(node.directory().readConfig().servers()).containsExactly(HUB);
    }
    TransportServer moved = TransportServer.hub("SLUICE", "Elsewhere");
    assertThatThrownBy(() -> NodeDirectory.start(settings(), moved, SMTP, MEMBER, Clock.systemUTC(), executor, s -> { }))
        .isInstanceOf(DirectoryException.Mismatch.class)
        .hasMessageContaining("Default-First-Site-Name")
        .hasMessageContaining("Elsewhere");
  }
}
