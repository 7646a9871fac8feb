package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.node.lifecycle.LoopbackNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A node in a JVM of its own (`sluice node --config node.yaml`), so that a test can kill it as a crash would:
 * its ZooKeeper session lives on until it expires, and what it accepted stays in its spool for its restart.
 * The configuration is written once; every start reuses it, the ports and the data.
 */
public final class NodeProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String name;
  private final Path dir;
  private final Path config;
  private final String address;
  private final int smtpPort;
  private final int metricsPort;
  private final int adminPort;
  private Process process;
  private int starts;

  /**
   * A hub or Edge {@code name} in {@code site} on {@code address}, against {@code cluster}'s ZooKeeper with its
   * session timeout and cluster key; {@code extra} is more YAML (a {@code queue:} section, ...).
   */
  public NodeProcess(Cluster cluster, String name, String role, String site, String address, String extra)
      throws Exception {
    this.name = name;
    this.address = address;
    this.dir = Files.createDirectories(cluster.dataDir().resolve(name.toLowerCase(Locale.ROOT)));
    this.smtpPort = LoopbackNode.freePort(address);
    this.metricsPort = LoopbackNode.freePort(address);
    this.adminPort = LoopbackNode.freePort(address);
    this.config = dir.resolve("node.yaml");
    Files.writeString(config, String.join("\n",
        "server: {name: " + name + ", role: " + role + ", site: " + site + ", fqdn: "
            + name.toLowerCase(Locale.ROOT) + ".sluice.test}",
        "zookeeper:",
        "  connect: " + cluster.connectString(),
        "  session-timeout: " + cluster.sessionTimeout().toMillis() + "ms",
        "  cluster-key-file: " + cluster.clusterKeyFile(),
        "smtp.listen: " + address + ":" + smtpPort,
        "metrics.listen: " + address + ":" + metricsPort,
        "admin.listen: " + address + ":" + adminPort,
        "spool:",
        "  dir: spool",
        "  min-free-space: 0",
        "queue:",
        "  glitch-retry-interval: 300ms",
        "  transient-retry-interval: 500ms",
        "  outbound-connection-failure-retry-interval: 1s",
        "  message-retry-interval: 500ms",
        "  reply-timeout: 10s",
        extra,
        ""));
  }

  /** Starts the node and waits until it is ready (directory loaded, spool accepting). */
  public NodeProcess start() throws Exception {
    assertThat(process == null || !process.isAlive()).as("%s is not running already", name).isTrue();
    Path log = dir.resolve("node-" + (++starts) + ".log");
    process = LoopbackNode.startProcess(config, log, URI.create("http://" + address + ":" + metricsPort + "/ready"));
    return this;
  }

  /** SIGKILL, as a crash: nothing is flushed, the session is not closed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  /** SIGTERM: the node drains and deregisters. */
  public void stop() throws InterruptedException {
    process.destroy();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }

  /**
   * SIGSTOP, as a long GC pause or a frozen VM: the node neither answers nor pings ZooKeeper, so its session
   * expires after the session timeout while its sockets stay open.
   */
  public void pause() throws Exception {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause}: the node finds its session expired and must register again. */
  public void resume() throws Exception {
    signal("CONT");
  }

  private void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s %s", name, this.name)
        .isTrue();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public String name() {
    return name;
  }

  public InetSocketAddress smtp() {
    return new InetSocketAddress(address, smtpPort);
  }

  /** The Prometheus text the node serves now. */
  public String metrics() throws Exception {
    URI uri = URI.create("http://" + address + ":" + metricsPort + "/metrics");
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Everything the node's runs printed, for a failure's message. */
  public String logs() throws Exception {
    StringBuilder all = new StringBuilder();
    for (int i = 1; i <= starts; i++) {
      all.append("--- ").append(name).append(" run ").append(i).append('\n')
          .append(Files.readString(dir.resolve("node-" + i + ".log")));
    }
    return all.toString();
  }

  @Override
  public void close() throws Exception {
    if (isAlive()) {
      resume();
      kill();
    }
  }
}
