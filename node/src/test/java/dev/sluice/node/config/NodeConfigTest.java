package dev.sluice.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.node.config.NodeConfig.Dns;
import dev.sluice.node.config.NodeConfig.Limits;
import dev.sluice.node.config.NodeConfig.Smtp.Tls;
import dev.sluice.node.config.NodeConfig.ZooKeeper;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.TransportServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
  @Test
  void theEmbeddedDefaultIsOneHubInTheDefaultSiteOnLoopback() {
    Path data = Path.of("sluice-data");

    NodeConfig c = NodeConfig.embeddedDefault(data, "node1.example");

    Path abs = data.toAbsolutePath();
    assertThat(c.server().toTransportServer())
        .isEqualTo(new TransportServer("SLUICE", ServerRole.HUB, "Default-First-Site-Name", "node1.example"));
    assertThat(c.zooKeeper().isEmbedded()).isTrue();
    assertThat(c.zooKeeper().connect()).isEqualTo("embedded");
    assertThat(c.zooKeeper().dataDir()).contains(abs.resolve("zookeeper"));
    assertThat(c.zooKeeper().root()).isEqualTo("/sluice/default");
    assertThat(c.zooKeeper().credentialsFile()).isEmpty();
    assertThat(c.zooKeeper().sessionTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.smtp().listen()).hasToString("127.0.0.1:2525");
    assertThat(c.smtp().tls()).isEqualTo(Tls.NONE);
    assertThat(c.metrics().listen()).hasToString("127.0.0.1:9464");
    assertThat(c.admin().listen()).hasToString("127.0.0.1:9465");
    assertThat(c.spool().dir()).isEqualTo(abs.resolve("spool"));
    assertThat(c.spool().minFreeSpaceBytes()).isEqualTo(100L * 1024 * 1024);
    assertThat(c.dns().servers()).isEmpty();
    assertThat(c.limits()).isEqualTo(Limits.DEFAULTS);
  }

  @Test
  void theEmbeddedDefaultNamesThisMachineByAName() {
    String fqdn = NodeConfig.embeddedDefault(Path.of("sluice-data")).server().fqdn();

    assertThat(fqdn).isNotBlank().doesNotContain(":").doesNotMatch("[0-9.]+");
    assertThat(HostPort.isHostName(fqdn)).isTrue();
  }

  @Test
  void theRecordsRefuseWhatNoFileCouldMean() {
    Optional<Path> pem = Optional.of(Path.of("/etc/sluice/hub1.pem"));
    assertThatThrownBy(() -> new Tls(pem, Optional.empty(), Optional.empty()))
        .hasMessage("smtp.tls.certificate needs smtp.tls.key, the certificate's private key");
    assertThatThrownBy(() -> new Tls(Optional.empty(), pem, Optional.empty()))
        .hasMessage("smtp.tls.key needs smtp.tls.certificate, the certificate it is the key of");
    assertThatThrownBy(() -> new ZooKeeper("embedded", Optional.empty(), "/sluice/default", Optional.empty(),
        Duration.ofSeconds(30), Optional.empty())).hasMessage("zookeeper.connect: embedded needs zookeeper.data-dir");
    assertThatThrownBy(() -> new ZooKeeper("zk1:2181", Optional.of(Path.of("/zk")), "/sluice/default",
        Optional.empty(), Duration.ofSeconds(30), Optional.empty())).hasMessage("zookeeper.data-dir is only for zookeeper.connect: embedded");
    assertThatThrownBy(() -> new ZooKeeper("zk1:2181", Optional.empty(), "/sluice/default", Optional.empty(),
        Duration.ZERO, Optional.empty())).hasMessage("zookeeper.session-timeout must be positive, not PT0S");
    Limits d = Limits.DEFAULTS;
    assertThatThrownBy(() -> new Limits(d.maxConnections(), 511, d.maxAuthLine(), d.maxTextLine(),
        d.maxHeaderBytes(), d.maxJunkCommands(), d.greetingDelay(), d.starttlsTimeout(), d.dataTimeout(), d.minDataRate(),
        d.shutdownGrace(), d.poisonThreshold()))
        .hasMessageContaining("limits.max-command-line must be between 512 and");
    assertThatThrownBy(() -> new Limits(d.maxConnections(), d.maxCommandLine(), d.maxAuthLine(), d.maxTextLine(),
        d.maxHeaderBytes(), d.maxJunkCommands(), d.greetingDelay(), d.starttlsTimeout(), d.dataTimeout(), d.minDataRate(),
        Duration.ofSeconds(-1), d.poisonThreshold()))
        .hasMessage("limits.shutdown-grace must not be negative, not PT-1S");
  }

  @Test
  void externalLookupsFallBackToTheServersThenTheSystem() {
    HostPort internal = new HostPort("10.0.0.53", 53);
    HostPort external = new HostPort("192.0.2.53", 53);

    assertThat(new Dns(List.of(internal), List.of(external)).forExternalLookups()).containsExactly(external);
    assertThat(new Dns(List.of(internal), List.of()).forExternalLookups()).containsExactly(internal);
    assertThat(Dns.SYSTEM.forExternalLookups()).isEmpty();
  }
}
