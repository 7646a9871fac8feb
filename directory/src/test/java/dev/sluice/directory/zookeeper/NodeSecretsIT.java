package dev.sluice.directory.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.directory.DirectoryException;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.directory.secrets.ClusterKey;
import dev.sluice.directory.secrets.SecretBox;
import dev.sluice.directory.secrets.SecretException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Node secrets in a real ZooKeeper: made once, sealed, checked, and checked from memory while ZooKeeper is down. */
class NodeSecretsIT {
  private TestingServer server;
  private CuratorFramework client;
  private ZooKeeperSecrets store;
  private final SecretBox box = new SecretBox(ClusterKey.generate(new SecureRandom()), new SecureRandom());

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(true);
    // Short timeouts: the outage test waits for each read to give up.
    client = ZooKeeperClients.connect(server.getConnectString(), Duration.ofSeconds(4), Duration.ofSeconds(1));
    client.blockUntilConnected();
    store = new ZooKeeperSecrets(client, DirectoryLayout.at("/sluice/nodes"));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  @Test
  void aNodeSecretIsMadeOnceSealedAndKeptAcrossRestarts() throws Exception {
    NodeSecrets first = new NodeSecrets(store, box, new SecureRandom());
    String secret = first.ensure("HUB1");

    assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
    assertThat(new NodeSecrets(store, box, new SecureRandom()).ensure("hub1")).isEqualTo(secret);
    assertThat(new NodeSecrets(store, box, new SecureRandom()).ensure("HUB2")).isNotEqualTo(secret);
    String raw = new String(client.getData().forPath("/sluice/nodes/secrets/node-hub1"), StandardCharsets.UTF_8);
    assertThat(raw).doesNotContain(secret);
  }

  @Test
  void onlyTheServersOwnSecretVerifies() {
    NodeSecrets secrets = new NodeSecrets(store, box, new SecureRandom());
    String hub1 = secrets.ensure("HUB1");
    String hub2 = secrets.ensure("HUB2");

    assertThat(secrets.verify("HUB1", hub1)).isTrue();
    assertThat(secrets.verify("Hub1", hub1)).isTrue();
    assertThat(secrets.verify("HUB1", hub2)).isFalse();
    assertThat(secrets.verify("HUB1", hub1 + "x")).isFalse();
    assertThat(secrets.verify("HUB3", hub1)).isFalse();
  }

  @Test
  void aSecretSealedUnderAnotherClusterKeySaysWhichKeyToGive() {
    new NodeSecrets(store, box, new SecureRandom()).ensure("HUB1");
    SecretBox other = new SecretBox(ClusterKey.generate(new SecureRandom()), new SecureRandom());

    assertThatThrownBy(() -> new NodeSecrets(store, other, new SecureRandom()).ensure("HUB1"))
        .isInstanceOf(SecretException.class).hasMessageContaining("node-hub1").hasMessageContaining("cluster key");
  }

  @Test
  void whileZooKeeperIsDownTheSecretLastReadStillVerifies() throws Exception {
    NodeSecrets secrets = new NodeSecrets(store, box, new SecureRandom());
    String hub1 = secrets.ensure("HUB1");
    assertThat(secrets.verify("HUB1", hub1)).isTrue();

    server.stop();

    assertThat(secrets.verify("HUB1", hub1)).isTrue();
    assertThat(secrets.verify("HUB1", "guess")).isFalse();
    assertThatThrownBy(() -> secrets.verify("HUB2", "guess")).isInstanceOf(DirectoryException.Unavailable.class);
  }
}
