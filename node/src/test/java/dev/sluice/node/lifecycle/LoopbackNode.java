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
}
