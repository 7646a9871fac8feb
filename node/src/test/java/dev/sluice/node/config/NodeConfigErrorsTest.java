package dev.sluice.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each kind of mistake a file can hold, and the one line that reports it. */
class NodeConfigErrorsTest {
  /** The keys every file gives. */
  private static final String REQUIRED = NodeConfigLoaderTest.MINIMAL;

  @TempDir Path dir;

  @Test
  void anUnknownKeyIsNamedWithTheKeysOfItsSectionAndTheNearestOne() {
    assertThat(error(REQUIRED + "smtp.tls.certficate: a.pem\n"))
        .isEqualTo("config.yaml: smtp.tls.certficate: unknown key (did you mean smtp.tls.certificate?);"
            + " the keys of smtp.tls are certificate, key, trust-certificates");
    assertThat(error(REQUIRED + "limits: {max-conections: 5}\n"))
        .startsWith("config.yaml: limits.max-conections: unknown key (did you mean limits.max-connections?);");
  }

  @Test
  void anUnknownTopLevelKeyListsTheSectionsAndIsReportedBeforeAMissingKey() {
    assertThat(error("sever.name: HUB1\n"))
        .isEqualTo("config.yaml: sever: unknown key (did you mean server?); the top-level keys are server,"
            + " zookeeper, smtp, admin, metrics, spool, dns, limits, queue");
    assertThat(error(REQUIRED + "queues: {}\n"))
        .isEqualTo("config.yaml: queues: unknown key (did you mean queue?); the top-level keys are server, zookeeper,"
            + " smtp, admin, metrics, spool, dns, limits, queue");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      smtp.listen: 127.0.0.1                 | smtp.listen: '127.0.0.1' is not host:port (such as 127.0.0.1:2525)
      smtp.listen: 127.0.0.1:99999           | smtp.listen: '127.0.0.1:99999' is not host:port: the port must be between 0 and 65535, not 99999 (such as 127.0.0.1:2525)
      metrics.listen: '::1:9464'             | metrics.listen: '::1:9464' is not host:port: write an IPv6 address in brackets, as [::1]:25 (such as 127.0.0.1:9464)
      admin.listen: 'bad host:1'             | admin.listen: 'bad host:1' is not host:port: 'bad host' is not a host name or an IP address (such as 127.0.0.1:9465)
      dns.servers: [10.0.0.53, 'x:y']        | dns.servers: 'x:y' is not host:port: 'y' is not a port number
      dns.servers: 10.0.0.53:0               | dns.servers: port 0 is only for listen addresses: give the server's port
      limits.data-timeout: 5 minutes         | limits.data-timeout: '5 minutes' is not a time span (such as 30s, 10m or 00:10:00)
      limits.data-timeout: 30                | limits.data-timeout: '30' is not a time span (such as 30s, 10m or 00:10:00)
      limits.starttls-timeout: 0s            | limits.starttls-timeout: '0s' is zero: give a positive time span (such as 30s)
      spool.min-free-space: 1.5GB            | spool.min-free-space: '1.5GB' is not a size (such as 100MB, 512KB or a byte count)
      spool.min-free-space: unlimited        | spool.min-free-space: 'unlimited' is not a size (such as 100MB, 512KB or a byte count)
      spool.min-free-space: 99999999999TB    | spool.min-free-space: '99999999999TB' is more than the most this key takes, 9223372036854775807 bytes
      limits.min-data-rate: 1KB/min          | limits.min-data-rate: '1KB/min' is not a rate (such as 1KB/s)
      limits.max-header-bytes: 500           | limits.max-header-bytes: '500' is less than the least this key takes, 1000 bytes
      limits.max-header-bytes: 4GB           | limits.max-header-bytes: '4GB' is more than the most this key takes, 2147483647 bytes
      limits.max-command-line: 100           | limits.max-command-line: 100 is less than 512, the least this key takes
      limits.max-connections: lots           | limits.max-connections: 'lots' is not a whole number
      limits.poison-threshold: 11            | limits.poison-threshold: 11 is not between 1 and 10
      limits.greeting-delay: 2m              | limits.greeting-delay: 00:02:00 is more than the most this key takes, 00:01:00: every client waits this long, and clients give up after 5 minutes (RFC 5321 4.5.3.2.1); a few seconds catch a client that talks first
      queue.glitch-retry-count: 16           | queue.glitch-retry-count: 16 is not between 0 and 15
      queue.message-retry-interval: 0s       | queue.message-retry-interval: '0s' is zero: give a positive time span (such as 30s)
      queue.delay-notification-timeout: 3d   | queue.delay-notification-timeout: must be shorter than queue.message-expiration-timeout (2.00:00:00): a delay notice after the message expired tells the sender nothing
      zookeeper.root: sluice                 | zookeeper.root: directory root 'sluice' must be an absolute znode path such as /sluice/contoso, outside /zookeeper
      """)
  void aBadValueIsQuotedWithWhatWasExpected(String line, String expected) {
    assertThat(error(REQUIRED + line + "\n")).isEqualTo("config.yaml: " + expected);
  }

  @ParameterizedTest(name = "{1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      role: hub                 | role: 'hub,'                     | server.role: 'hub,' is not hub or edge
      fqdn: hub1.contoso.com    | fqdn: 'hub 1.contoso.com'        | server.fqdn: 'hub 1.contoso.com' is not a host name (such as hub1.contoso.com)
      site: Site-A              | site: '  '                       | server.site: the name must not be blank
      connect: zk1:2181         | connect: zk1:2181,zk2:x          | zookeeper.connect: 'zk1:2181,zk2:x' is not 'embedded' or a connect string such as zk1:2181,zk2:2181,zk3:2181 ('zk2:x' is not host:port: 'x' is not a port number)
      connect: zk1:2181         | connect: zk1:2181/sluice         | zookeeper.connect: 'zk1:2181/sluice' is not 'embedded' or a connect string such as zk1:2181,zk2:2181,zk3:2181: give the root znode as zookeeper.root
      """)
  void aBadRequiredValueIsNamed(String given, String replacement, String expected) {
    assertThat(error(REQUIRED.replace(given, replacement))).isEqualTo("config.yaml: " + expected);
  }

  @Test
  void aListOrAMapWhereAValueBelongsIsAWrongType() {
    assertThat(error(REQUIRED.replace("name: HUB1", "name: [HUB1, HUB2]")))
        .isEqualTo("config.yaml: server.name: a list where a text is expected");
    assertThat(error(REQUIRED.replace("name: HUB1", "name: 010")))
        .isEqualTo("config.yaml: server.name: the number 8 where a text is expected: write the text in quotes");
    assertThat(error(REQUIRED + "smtp.listen: {host: 127.0.0.1, port: 25}\n"))
        .isEqualTo("config.yaml: smtp.listen: a map where host:port (such as 127.0.0.1:2525) is expected");
    assertThat(error(REQUIRED + "smtp.listen: [127.0.0.1:25]\n"))
        .isEqualTo("config.yaml: smtp.listen: a list where host:port (such as 127.0.0.1:2525) is expected"
            + " (an IPv6 address goes in quotes: '[::1]:25')");
    assertThat(error(REQUIRED + "smtp: 127.0.0.1:25\n"))
        .isEqualTo("config.yaml: smtp: the text '127.0.0.1:25' where a section is expected (keys listen, tls)");
    assertThat(error(REQUIRED + "smtp.listen:\n"))
        .isEqualTo("config.yaml: smtp.listen: has no value: give host:port (such as 127.0.0.1:2525)");
  }

  @Test
  void aKeyGivenTwiceIsNamed() {
    assertThat(error(REQUIRED + "smtp: {listen: 127.0.0.1:25}\nsmtp.listen: 127.0.0.1:26\n"))
        .isEqualTo("config.yaml: smtp.listen: given twice (once nested, once as a dotted key): keep one");
    assertThat(error(REQUIRED + "smtp.tls.key: a\nsmtp:\n  tls:\n    key: b\n"))
        .isEqualTo("config.yaml: smtp.tls.key: given twice (once nested, once as a dotted key): keep one");
    assertThat(error(REQUIRED + "smtp:\n  listen: 127.0.0.1:25\n  listen: 127.0.0.1:26\n"))
        .startsWith("config.yaml: line 6, column").contains("Duplicate field 'listen'");
  }

  @Test
  void missingRequiredKeysAreNamedTogether() {
    assertThat(error("server: {name: HUB1, role: hub, site: Site-A}\nzookeeper.connect: embedded\n"))
        .isEqualTo("config.yaml: server.fqdn: missing, and so is spool.dir (every configuration file gives"
            + " server.name, server.role, server.site, server.fqdn, zookeeper.connect, spool.dir)");
    assertThat(error("")).startsWith("config.yaml: server.name: missing, and so are server.role, server.site,"
        + " server.fqdn, zookeeper.connect, spool.dir (");
  }

  @Test
  void anEmbeddedZooKeeperNeedsADataDirectoryAndOnlyIt() {
    assertThat(error(REQUIRED.replace("zk1:2181", "embedded")))
        .isEqualTo("config.yaml: zookeeper.data-dir: missing: the embedded ZooKeeper (zookeeper.connect: embedded)"
            + " keeps its data there");
    assertThat(error(REQUIRED + "zookeeper.data-dir: zk\n"))
        .isEqualTo("config.yaml: zookeeper.data-dir: is only for an embedded ZooKeeper: remove it, or set"
            + " zookeeper.connect: embedded");
  }

  @Test
  void aCertificateNeedsItsKeyAndEveryFileMustBeReadable() throws IOException {
    Files.writeString(dir.resolve("hub1.pem"), "placeholder\n");
    assertThat(error(REQUIRED + "smtp.tls.certificate: hub1.pem\n"))
        .isEqualTo("config.yaml: smtp.tls.key: missing: smtp.tls.certificate and smtp.tls.key go together"
            + " (a certificate and its private key)");
    assertThat(error(REQUIRED + "smtp.tls.certificate: hub1.pem\nsmtp.tls.key: keys/hub1.key\n"))
        .isEqualTo("config.yaml: smtp.tls.key: 'keys/hub1.key' (" + dir.resolve("keys/hub1.key")
            + ") is not a readable file");
    assertThat(error(REQUIRED + "zookeeper.credentials-file: " + dir + "\n"))
        .isEqualTo("config.yaml: zookeeper.credentials-file: '" + dir + "' is not a readable file");
    assertThat(error(REQUIRED.replace("/var/spool/sluice", "hub1.pem")))
        .isEqualTo("config.yaml: spool.dir: 'hub1.pem' (" + dir.resolve("hub1.pem") + ") is not a directory");
  }

  @Test
  void aFileThatIsNotAMapOfKeysOrNotYamlIsRefusedWithItsLine() {
    assertThat(error("- server\n- smtp\n"))
        .isEqualTo("config.yaml: the file must be a map of keys (such as 'server: {name: HUB1}'), not a list");
    assertThat(error(REQUIRED + "smtp.listen: [::1]:25\n"))
        .startsWith("config.yaml: line 4, column ").contains("expected the node content, but found ':'")
        .doesNotContain("\n");
    assertThat(error("server..name: HUB1\n")).isEqualTo("config.yaml: server..name: is not a key: a dotted key has"
        + " no empty parts");
  }

  @Test
  void theExceptionCarriesTheFileTheKeyAndTheProblemApart() {
    ConfigException e = catchConfig(() -> NodeConfigLoader.parse(REQUIRED + "admin.listen: x\n", "hub1.yaml"));
    assertThat(e.source()).isEqualTo("hub1.yaml");
    assertThat(e.key()).contains("admin.listen");
    assertThat(e.problem()).isEqualTo("'x' is not host:port (such as 127.0.0.1:9465)");

    ConfigException missing = catchConfig(() -> NodeConfigLoader.load(dir.resolve("absent.yaml")));
    assertThat(missing.key()).isEmpty();
    assertThat(missing).hasMessage(dir.resolve("absent.yaml") + ": no such file");
  }

  private String error(String yaml) {
    return catchConfig(() -> NodeConfigLoader.parse(yaml, "config.yaml", dir)).getMessage();
  }

  private static ConfigException catchConfig(Runnable load) {
    try {
      load.run();
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("the configuration was accepted");
  }
}
