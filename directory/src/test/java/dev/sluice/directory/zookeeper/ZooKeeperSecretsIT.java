package dev.sluice.directory.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.directory.StoredSecret;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.directory.secrets.ClusterKey;
import dev.sluice.directory.secrets.SecretBox;
import dev.sluice.directory.secrets.SmartHostCredential;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sealed secrets in a real ZooKeeper: create-or-replace, read back, remove, and no plain text stored. */
class ZooKeeperSecretsIT {
  private static TestingServer server;
  private static int rootNumber;
  private CuratorFramework client;
  private DirectoryLayout layout;
  private ZooKeeperSecrets secrets;
  private final SecretBox box = new SecretBox(ClusterKey.generate(new SecureRandom()), new SecureRandom());

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
    layout = DirectoryLayout.at("/sluice/secrets" + (++rootNumber));
    secrets = new ZooKeeperSecrets(client, layout);
  }

  @AfterEach
  void close() {
    client.close();
  }

  private StoredSecret sealed(String id, String user, String password) {
    return box.seal(id, new SmartHostCredential(user, password).encode());
  }

  @Test
  void aSecretIsStoredOnAnEmptyZooKeeperAndReadBackSealed() throws Exception {
    StoredSecret secret = sealed("smarthost-relay", "relay-user", "Pa55word!");
    secrets.put(secret);

    assertThat(secrets.get("smarthost-relay")).contains(secret);
    assertThat(SmartHostCredential.decode(box.open(secrets.get("smarthost-relay").orElseThrow())).password())
        .isEqualTo("Pa55word!");
    String raw = new String(client.getData().forPath(layout.secret("smarthost-relay")), StandardCharsets.UTF_8);
    assertThat(raw).contains("AES-256-GCM").doesNotContain("Pa55word!").doesNotContain("relay-user");
  }

  @Test
  void aSecondPutReplacesTheFirst() {
    secrets.put(sealed("smarthost-relay", "old", "first"));
    StoredSecret second = sealed("smarthost-relay", "new", "second");
    secrets.put(second);
    assertThat(secrets.get("smarthost-relay")).contains(second);
  }

  @Test
  void removeSaysWhetherThereWasOne() {
    secrets.put(sealed("smarthost-relay", "u", "p"));
    assertThat(secrets.remove("smarthost-relay")).isTrue();
    assertThat(secrets.get("smarthost-relay")).isEmpty();
    assertThat(secrets.remove("smarthost-relay")).isFalse();
  }

  @Test
  void aSecretThatIsNotADocumentIsRefusedNamingItsZnode() throws Exception {
    client.create().creatingParentsIfNeeded().forPath(layout.secret("broken"), "not json".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> secrets.get("broken"))
        .hasMessageContaining(layout.secret("broken"));
  }
}
