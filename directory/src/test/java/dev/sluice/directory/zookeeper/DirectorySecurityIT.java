package dev.sluice.directory.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.directory.DirectoryException;
import dev.sluice.directory.Member;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.StoredSecret;
import dev.sluice.directory.codec.DirectoryCodec;
import dev.sluice.directory.codec.RuntimeCodecs;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.directory.secrets.ClusterKey;
import dev.sluice.directory.secrets.SecretBox;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.TransportServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory's ACLs against a real ZooKeeper: who may read and write what, and secrets kept secret. */
class DirectorySecurityIT {
  private static final Duration T = Duration.ofSeconds(20);
  private static final String GROUP_PASSWORD = "group-secret";
  private static TestingServer server;
  private static int rootNumber;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = new TestingServer(true);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private Credentials admin() throws Exception {
    return write("admin.credentials", "role: admin\nuser: admin\npassword: admin-secret\nnode-group-password: "
        + GROUP_PASSWORD + "\n");
  }

  private Credentials node(String name) throws Exception {
    return write(name + ".credentials", "role: node\nuser: " + name + "\npassword: " + name + "-secret\n"
        + "node-group-password: " + GROUP_PASSWORD + "\nadmin-digest: " + Credentials.digest("admin", "admin-secret") + "\n");
  }

  private Credentials write(String file, String text) throws Exception {
    Path p = dir.resolve(file);
    Files.writeString(p, text);
    return Credentials.load(p);
  }

  private CuratorFramework connect(Optional<Credentials> credentials, DirectoryLayout layout) {
    return ZooKeeperClients.connect(server.getConnectString(), Duration.ofSeconds(10), T, credentials, layout);
  }

  @Test
  void onlyTheAdminWritesTheConfigurationAndNodesReadIt() throws Exception {
    DirectoryLayout layout = DirectoryLayout.at("/sluice/acl" + (++rootNumber));
    try (CuratorFramework adminClient = connect(Optional.of(admin()), layout);
        CuratorFramework nodeClient = connect(Optional.of(node("HUB1")), layout);
        CuratorFramework anonymous = connect(Optional.empty(), null)) {
      ZooKeeperDirectory asAdmin = new ZooKeeperDirectory(adminClient, layout);
      asAdmin.create(ObjectKind.SITE, Site.of("Site-A"));
      asAdmin.create(ObjectKind.SERVER, TransportServer.hub("HUB1", "Site-A"));

      ZooKeeperDirectory asNode = new ZooKeeperDirectory(nodeClient, layout);
      assertThat(asNode.readConfig().servers()).extracting(TransportServer::name).containsExactly("HUB1");
      assertThatThrownBy(() -> asNode.create(ObjectKind.SITE, Site.of("Site-B")))
          .isInstanceOf(DirectoryException.AccessDenied.class)
          .hasMessageContaining("admin identity");
      assertThatThrownBy(() -> new ZooKeeperDirectory(anonymous, layout).readConfig())
          .isInstanceOf(DirectoryException.AccessDenied.class);
      assertThat(asAdmin.readConfig().sites()).extracting(Site::name).containsExactly("Site-A");
    }
  }

  @Test
  void aWrongPasswordIsRefused() throws Exception {
    DirectoryLayout layout = DirectoryLayout.at("/sluice/acl" + (++rootNumber));
    try (CuratorFramework adminClient = connect(Optional.of(admin()), layout)) {
      new ZooKeeperDirectory(adminClient, layout).create(ObjectKind.SITE, Site.of("Site-A"));
    }
    Credentials impostor = write("impostor.credentials", "role: admin\nuser: admin\npassword: guessed\n"
        + "node-group-password: " + GROUP_PASSWORD + "\n");
    try (CuratorFramework client = connect(Optional.of(impostor), layout)) {
      assertThatThrownBy(() -> new ZooKeeperDirectory(client, layout).create(ObjectKind.SITE, Site.of("Site-B")))
          .isInstanceOf(DirectoryException.AccessDenied.class);
    }
  }

  @Test
  void aSecretIsReadableByNodesOnlyAndNeverPlainInZooKeeper() throws Exception {
    DirectoryLayout layout = DirectoryLayout.at("/sluice/acl" + (++rootNumber));
    SecretBox box = new SecretBox(ClusterKey.loadOrGenerate(dir.resolve("cluster.key")), new SecureRandom());
    String password = "correct horse battery staple";
    String path = layout.secret("smarthost-internet");
    try (CuratorFramework adminClient = connect(Optional.of(admin()), layout);
        CuratorFramework nodeClient = connect(Optional.of(node("HUB1")), layout)) {
      new ZooKeeperDirectory(adminClient, layout).ensureLayout();
      StoredSecret sealed = box.seal("smarthost-internet", password.getBytes(StandardCharsets.UTF_8));
      adminClient.create().forPath(path, DirectoryCodec.encode(RuntimeCodecs.SECRET, sealed));

      assertThatThrownBy(() -> adminClient.getData().forPath(path)).isInstanceOf(KeeperException.NoAuthException.class);
      byte[] raw = nodeClient.getData().forPath(path);
      assertThat(new String(raw, StandardCharsets.UTF_8)).doesNotContain(password).doesNotContain("horse");
      StoredSecret read = DirectoryCodec.decode(RuntimeCodecs.SECRET, path, raw);
      assertThat(new String(box.open(read), StandardCharsets.UTF_8)).isEqualTo(password);
    }
  }

  @Test
  void aNodeWritesItsOwnMemberZnodeOnly() throws Exception {
    DirectoryLayout layout = DirectoryLayout.at("/sluice/acl" + (++rootNumber));
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try (CuratorFramework adminClient = connect(Optional.of(admin()), layout);
        CuratorFramework hub1 = connect(Optional.of(node("HUB1")), layout);
        CuratorFramework hub2 = connect(Optional.of(node("HUB2")), layout)) {
      new ZooKeeperDirectory(adminClient, layout).ensureLayout();
      Member member = new Member("HUB1", ServerRole.HUB, "Site-A", "127.0.0.1:2525", "", "test", Instant.EPOCH, 0);
      try (MemberRegistration registration =
          new MemberRegistration(hub1, layout, member, Clock.systemUTC(), executor)) {
        registration.start();
        await().atMost(T).until(registration::isRegistered);
        String path = layout.member("HUB1");
        assertThatThrownBy(() -> hub2.setData().forPath(path, new byte[] {'x'}))
            .isInstanceOf(KeeperException.NoAuthException.class);
        registration.updateLoad(5);
        await().atMost(T).until(() ->
            DirectoryCodec.decode(RuntimeCodecs.MEMBER, path, hub2.getData().forPath(path)).queueLength() == 5);
        assertThat(registration.status()).isEqualTo(RegistrationStatus.REGISTERED);
      }
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void theAuditFailsClosedOnAWorldWritableDirectory() throws Exception {
    // Outside /sluice, which earlier tests created with the admin's ACLs.
    DirectoryLayout open = DirectoryLayout.at("/open/acl" + (++rootNumber));
    DirectoryLayout closed = DirectoryLayout.at("/sluice/acl" + (++rootNumber));
    try (CuratorFramework anonymous = connect(Optional.empty(), null);
        CuratorFramework adminClient = connect(Optional.of(admin()), closed)) {
      new ZooKeeperDirectory(anonymous, open).ensureLayout();
      assertThatThrownBy(() -> DirectoryAudit.requireProtected(adminClient, open))
          .isInstanceOf(DirectoryException.AccessDenied.class)
          .hasMessageContaining(open.config() + " (world:anyone)");
      new ZooKeeperDirectory(adminClient, closed).ensureLayout();
      DirectoryAudit.requireProtected(adminClient, closed);
    }
  }

  @Test
  void aDocumentTooLargeForZooKeeperIsRefusedBeforeTheWrite() throws Exception {
    DirectoryLayout layout = DirectoryLayout.at("/open/acl" + (++rootNumber));
    try (CuratorFramework client = connect(Optional.empty(), null)) {
      ZooKeeperDirectory directory = new ZooKeeperDirectory(client, layout);
      directory.create(ObjectKind.SITE, Site.of("Site-A"));
      directory.create(ObjectKind.SERVER, TransportServer.hub("HUB1", "Site-A"));
      StringBuilder spaces = new StringBuilder();
      for (int i = 0; i < 12_000; i++) {
        spaces.append(i == 0 ? "" : ",").append("domain-number-").append(i).append(".example.com");
      }
      var huge = dev.sluice.routing.model.SendConnector.builder("Huge").addressSpaces(spaces.toString())
          .sourceTransportServers("HUB1").build();
      assertThatThrownBy(() -> directory.create(ObjectKind.SEND_CONNECTOR, huge))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("stores at most 262144 bytes");
      assertThat(directory.readConfig().sendConnectors()).isEmpty();
    }
  }

  @Test
  void aCredentialsFileWithAMistakeSaysWhichKey() throws Exception {
    assertThatThrownBy(() -> write("bad.credentials", "role: admin\nuser: admin\npassword: x\nnode-group-pasword: y\n"))
        .hasMessageContaining("unknown key 'node-group-pasword'");
    assertThatThrownBy(() -> write("bad2.credentials", "role: node\nuser: HUB1\npassword: x\nnode-group-password: y\n"))
        .hasMessageContaining("admin-digest");
    assertThatThrownBy(() -> write("bad3.credentials", "role: boss\nuser: a\npassword: x\n"))
        .hasMessageContaining("role 'boss' must be admin or node");
    assertThat(admin().toString()).doesNotContain("admin-secret").doesNotContain(GROUP_PASSWORD);
  }
}
