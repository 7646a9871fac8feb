package dev.sluice.node.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.node.config.HostPort;
import dev.sluice.node.config.NodeConfig;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the node's end-to-end tests share: the embedded default on a loopback address of its own, and smtplib. */
public final class LoopbackNode {
  private LoopbackNode() {}

  public static int freePort(String host) throws Exception {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(host, 0));
      return s.getLocalPort();
    }
  }

  /** The embedded default with its data under {@code data}, SMTP and metrics on {@code address}, with {@code tls}. */
  public static NodeConfig config(Path data, String address, NodeConfig.Smtp.Tls tls) throws Exception {
    NodeConfig embedded = NodeConfig.embeddedDefault(data, "node.test");
    return new NodeConfig(embedded.server(), embedded.zooKeeper(),
        new NodeConfig.Smtp(new HostPort(address, freePort(address)), tls),
        new NodeConfig.Admin(new HostPort(address, freePort(address))),
        new NodeConfig.Metrics(new HostPort(address, freePort(address))),
        embedded.spool(), embedded.dns(), embedded.limits());
  }

  /** The {@code .eml} files in {@code dir}: what a Foreign connector's drop directory holds. */
  public static List<Path> emlFiles(Path dir) throws java.io.IOException {
    if (!java.nio.file.Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = java.nio.file.Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".eml")).toList();
    }
  }

  /**
   * Sends one message with send_tls.py (Python's smtplib) from {@code client} to {@code smtp}, with the
   * script's options; returns what it printed ("sent 250 ..." or "refused NNN ...").
   */
  public static String send(InetSocketAddress smtp, String client, String sender, String recipient, String... options)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("python3",
        Path.of(LoopbackNode.class.getResource("/node/send_tls.py").toURI()).toString(),
        smtp.getHostString(), Integer.toString(smtp.getPort()), client, sender, recipient));
    command.addAll(List.of(options));
    Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).as(out).isZero();
    return out;
  }

  /**
   * Starts {@code sluice node --config config} in a JVM of its own (so a test can kill it as a crash would), its
   * console in {@code log}, and waits until {@code ready} (its /ready URL) answers 200.
   */
  public static Process startProcess(Path config, Path log, java.net.URI ready) throws Exception {
    String jvm = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(jvm, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        dev.sluice.node.cli.SluiceCommand.class.getName(), "node", "--config", config.toString())
        .directory(config.toAbsolutePath().getParent().toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    try {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).ignoreExceptions().until(() -> {
        assertThat(p.isAlive()).as("node running (see %s)", log).isTrue();
        return http.send(java.net.http.HttpRequest.newBuilder(ready).timeout(java.time.Duration.ofSeconds(5)).build(),
            java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      });
    } catch (RuntimeException | Error e) {
      p.destroyForcibly();
      throw e;
    }
    return p;
  }
}
