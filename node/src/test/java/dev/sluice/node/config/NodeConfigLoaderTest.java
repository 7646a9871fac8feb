package dev.sluice.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.node.config.NodeConfig.Limits;
import dev.sluice.routing.model.ServerRole;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigLoaderTest {
  /** The keys every file gives. */
  static final String MINIMAL = """
      server: {name: HUB1, role: hub, site: Site-A, fqdn: hub1.contoso.com}
      zookeeper.connect: zk1:2181
      spool.dir: /var/spool/sluice
      """;

  @TempDir Path dir;

  @Test
  void readsEveryKeyOfAFullFile() throws IOException {
    touch("creds", "certs/hub1.pem", "certs/hub1.key", "certs/ca.pem");
    Path file = write("config.yaml", """
        server:
          name: EDGE1
          role: Edge
          site: Perimeter
          fqdn: Edge1.Contoso.com
        zookeeper:
          connect: embedded
          data-dir: zk-data
          root: /sluice/contoso/
          credentials-file: creds
          session-timeout: 00:00:45
          cluster-key-file: keys/cluster.key
        smtp:
          listen: '[::1]:2525'
          tls:
            certificate: certs/hub1.pem
            key: certs/hub1.key
            trust-certificates: certs/ca.pem
        admin:
          listen: 127.0.0.1:19465
        metrics:
          listen: 0.0.0.0:0
        spool:
          dir: spool
          min-free-space: 512KB
          commit-delay: 2ms
        dns:
          servers: [10.0.0.53, '10.0.0.54:5353']
          external-servers: '192.0.2.53, [2001:db8::53]:53'
        limits:
          max-connections: 200
          max-command-line: 1024
          max-auth-line: 20000
          max-text-line: 2000
          max-header-bytes: 64KB
          max-junk-commands: 0
          greeting-delay: 500ms
          starttls-timeout: 10s
          data-timeout: 00:10:00
          min-data-rate: 2KB/s
          shutdown-grace: 0s
          poison-threshold: 3
        """);

    NodeConfig c = NodeConfigLoader.load(file);

    assertThat(c.server()).isEqualTo(new NodeConfig.Server("EDGE1", ServerRole.EDGE, "Perimeter", "edge1.contoso.com"));
    assertThat(c.zooKeeper()).isEqualTo(new NodeConfig.ZooKeeper("embedded", Optional.of(dir.resolve("zk-data")),
        "/sluice/contoso", Optional.of(dir.resolve("creds")), Duration.ofSeconds(45),
        Optional.of(dir.resolve("keys/cluster.key"))));
    assertThat(c.zooKeeper().isEmbedded()).isTrue();
    assertThat(c.smtp().listen()).isEqualTo(new HostPort("::1", 2525));
    assertThat(c.smtp().tls()).isEqualTo(new NodeConfig.Smtp.Tls(Optional.of(dir.resolve("certs/hub1.pem")),
        Optional.of(dir.resolve("certs/hub1.key")), Optional.of(dir.resolve("certs/ca.pem"))));
    assertThat(c.admin().listen()).isEqualTo(new HostPort("127.0.0.1", 19465));
    assertThat(c.metrics().listen()).isEqualTo(new HostPort("0.0.0.0", 0));
    assertThat(c.spool()).isEqualTo(new NodeConfig.Spool(dir.resolve("spool"), 512 * 1024, Duration.ofMillis(2)));
    assertThat(c.dns().servers()).containsExactly(new HostPort("10.0.0.53", 53), new HostPort("10.0.0.54", 5353));
    assertThat(c.dns().externalServers())
        .containsExactly(new HostPort("192.0.2.53", 53), new HostPort("2001:db8::53", 53));
    assertThat(c.limits()).isEqualTo(new Limits(200, 1024, 20000, 2000, 64 * 1024, 0, Duration.ofMillis(500), Duration.ofSeconds(10),
        Duration.ofMinutes(10), 2048, Duration.ZERO, 3));
  }

  @Test
  void fillsEveryOptionalKeyWithItsDefault() {
    NodeConfig c = NodeConfigLoader.parse(MINIMAL, "config.yaml");

    assertThat(c.zooKeeper()).isEqualTo(new NodeConfig.ZooKeeper("zk1:2181", Optional.empty(), "/sluice/default",
        Optional.empty(), Duration.ofSeconds(30), Optional.empty()));
    assertThat(c.smtp()).isEqualTo(new NodeConfig.Smtp(new HostPort("127.0.0.1", 2525), NodeConfig.Smtp.Tls.NONE));
    assertThat(c.admin().listen()).hasToString("127.0.0.1:9465");
    assertThat(c.metrics().listen()).hasToString("127.0.0.1:9464");
    assertThat(c.spool().minFreeSpaceBytes()).isEqualTo(100L * 1024 * 1024);
    assertThat(c.spool().commitDelay()).isEqualTo(Duration.ofMillis(1));
    assertThat(c.clusterKeyFile()).isEqualTo(java.nio.file.Path.of("/var/spool/cluster.key"));
    assertThat(c.dns()).isEqualTo(NodeConfig.Dns.SYSTEM);
    assertThat(c.limits()).isEqualTo(new Limits(10_000, 512, 12288, 1000, 102_400, 100, Duration.ZERO, Duration.ofSeconds(60),
        Duration.ofMinutes(5), 1024, Duration.ofSeconds(30), 2));
  }

  @Test
  void dottedKeysAtAnyLevelMeanTheNestedMaps() {
    String nested = MINIMAL + """
        smtp:
          listen: 127.0.0.1:25
          tls:
            trust-certificates: ca.pem
        limits:
          poison-threshold: 4
        """;
    String dotted = MINIMAL + """
        smtp.listen: 127.0.0.1:25
        smtp:
          tls.trust-certificates: ca.pem
        limits.poison-threshold: 4
        """;
    touch("ca.pem");

    assertThat(NodeConfigLoader.parse(dotted, "dotted.yaml", dir))
        .isEqualTo(NodeConfigLoader.parse(nested, "nested.yaml", dir));
    assertThat(NodeConfigLoader.parse(dotted, "dotted.yaml", dir).smtp().tls().trustCertificates())
        .contains(dir.resolve("ca.pem"));
  }

  @Test
  void resolvesRelativePathsAgainstTheFilesDirectoryAndKeepsAbsoluteOnes() throws IOException {
    Path etc = Files.createDirectories(dir.resolve("etc/sluice"));
    Path file = Files.writeString(etc.resolve("config.yaml"), """
        server: {name: HUB1, role: hub, site: Site-A, fqdn: hub1.contoso.com}
        zookeeper: {connect: embedded, data-dir: ../../data/zookeeper}
        spool.dir: %s
        """.formatted(dir.resolve("spool")));

    NodeConfig c = NodeConfigLoader.load(file);

    assertThat(c.zooKeeper().dataDir()).contains(dir.resolve("data/zookeeper"));
    assertThat(c.spool().dir()).isEqualTo(dir.resolve("spool"));
  }

  @Test
  void theReadmesExampleParses() throws IOException {
    touch("zookeeper-credentials", "tls/hub1.pem", "tls/hub1.key", "tls/contoso-ca.pem");
    Path file = write("config.yaml", example());

    NodeConfig c = NodeConfigLoader.load(file);
    assertThat(c.clusterKeyFile()).isEqualTo(file.getParent().resolve("cluster.key"));

    assertThat(c.server().toTransportServer().name()).isEqualTo("HUB1");
    assertThat(c.zooKeeper().layout().root()).isEqualTo("/sluice/contoso");
    assertThat(c.smtp().tls().hasCertificate()).isTrue();
    assertThat(c.admin().listen()).hasToString("127.0.0.1:9465");
    assertThat(c.spool().minFreeSpaceBytes()).isEqualTo(1L << 30);
    assertThat(c.dns().servers()).containsExactly(new HostPort("10.0.0.53", 53), new HostPort("2001:db8::53", 53));
    assertThat(c.dns().forExternalLookups()).containsExactly(new HostPort("192.0.2.53", 53));
    assertThat(c.limits().dataTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.limits().minDataRate()).isEqualTo(2048);
    assertThat(c.queue().transientRetryInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.queue().messageExpirationTimeout()).isEqualTo(Duration.ofDays(2));
    assertThat(c.queue().glitchRetryCount()).isEqualTo(4);
  }

  @Test
  void theReadmeQuotesTheExampleAndNamesEveryKey() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    String section = readme.substring(readme.indexOf("## Node configuration"), readme.indexOf("## Benchmarks"));

    assertThat(section).contains(example());
    for (String key : ConfigKeys.valueKeys()) {
      assertThat(section).as("the README's Node configuration section documents %s", key).contains("`" + key + "`");
    }
    assertThat(ConfigKeys.valueKeys()).hasSize(43).contains("smtp.tls.trust-certificates", "limits.poison-threshold");
  }

  static String example() throws IOException {
    try (InputStream in = NodeConfigLoaderTest.class.getResourceAsStream("/config/example.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private void touch(String... files) {
    List.of(files).forEach(name -> {
      try {
        Files.createDirectories(dir.resolve(name).getParent());
        Files.writeString(dir.resolve(name), "placeholder\n");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }
}
