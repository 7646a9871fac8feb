package dev.sluice.node.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.node.config.NodeConfig;
import dev.sluice.node.smtp.server.Conversation;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default end to end on loopback: a real SMTP client (Python's smtplib) on its own
 * address sends to the seeded domain, whose Foreign connector drops it as a file, and is refused for relaying.
 */
class TransportNodeIT {
  private static final String NODE_ADDRESS = "127.0.0.2";
  private static final String CLIENT_ADDRESS = "127.0.0.3";

  @TempDir Path data;

  private NodeConfig config() throws Exception {
    return LoopbackNode.config(data, NODE_ADDRESS, NodeConfig.Smtp.Tls.NONE);
  }

  private static String send(InetSocketAddress smtp, String sender, String recipient) throws Exception {
    return LoopbackNode.send(smtp, CLIENT_ADDRESS, sender, recipient);
  }

  /** Sends a message with {@code hops} Received fields by node.test over a raw socket; returns each reply's code. */
  private static List<String> sendLooping(InetSocketAddress smtp, int hops) throws Exception {
    List<String> codes = new ArrayList<>();
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(CLIENT_ADDRESS, 0));
      socket.connect(smtp, 10_000);
      socket.setSoTimeout(10_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      String received = "Received: from client.test ([127.0.0.3])\r\n\tby node.test (Sluice) with ESMTP id x;\r\n"
          + "\tTue, 1 Dec 2026 10:00:00 +0000\r\n";
      for (String command : List.of("", "EHLO client.test\r\n", "MAIL FROM:<a@client.test>\r\n",
          "RCPT TO:<someone@sluice.test>\r\n", "DATA\r\n", received.repeat(hops) + "Subject: loop\r\n\r\nx\r\n.\r\n",
          "QUIT\r\n")) {
        out.write(command.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String line = in.readLine();
        for (int i = 0; i < 50 && line != null && line.length() > 3 && line.charAt(3) == '-'; i++) {
          line = in.readLine();
        }
        assertThat(line).as("the reply to " + command).isNotNull();
        codes.add(line.startsWith("5") ? line.substring(0, 9) : line.substring(0, 3));
      }
    }
    return codes;
  }

  @Test
  void anAnonymousClientReachesTheSeededDomainWhoseDropDirectoryGetsTheMessageButCannotRelay() throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    NodeConfig config = config();
    HttpClient http = HttpClient.newHttpClient();
    try (TransportNode node = TransportNode.start(config, true, data.resolve("drop"), Clock.systemUTC(),
        new PrintStream(console, true, StandardCharsets.UTF_8))) {
      URI ready = URI.create("http://" + NODE_ADDRESS + ":" + node.metricsAddress().getPort() + "/ready");
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
          http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
      await().atMost(Duration.ofSeconds(30)).until(() -> node.directory().snapshot()
          .filter(s -> !s.config().acceptedDomains().isEmpty()).isPresent());
      assertThat(console.toString(StandardCharsets.UTF_8)).contains("SMTP on " + NODE_ADDRESS).contains("sluice.test");

      assertThat(send(node.smtpAddress(), "newcomer@client.test", "someone@sluice.test")).startsWith("sent 250");
      assertThat(send(node.smtpAddress(), "newcomer@client.test", "someone@example.org"))
          .startsWith("refused 550").contains("Relay access denied");

      // The seeded Foreign connector takes it: one whole .eml file in the drop directory, and the spool lets go.
      Path drop = data.resolve("drop");
      await().atMost(Duration.ofSeconds(30)).until(() -> LoopbackNode.emlFiles(drop).size() == 1);
      await().atMost(Duration.ofSeconds(30)).until(() -> node.spool().ids().isEmpty());
      Path eml = LoopbackNode.emlFiles(drop).get(0);
      String messageId = eml.getFileName().toString().replaceFirst("\\.eml$", "");
      String content = java.nio.file.Files.readString(eml, StandardCharsets.US_ASCII);
      assertThat(content).startsWith("Received: from client.test ([" + CLIENT_ADDRESS + "])\r\n\tby node.test (Sluice)")
          .contains(" id " + messageId).contains("\r\n.a line that starts with a dot\r\n");
      try (var files = java.nio.file.Files.list(data.resolve("tracking"))) {
        String tracking = java.nio.file.Files.readString(files.findFirst().orElseThrow());
        assertThat(tracking).contains(",RECEIVE," + messageId + ",").contains(",SLUICE,")
            .contains(",newcomer@client.test,1,someone@sluice.test,");
      }
      URI scrape = URI.create("http://" + NODE_ADDRESS + ":" + node.metricsAddress().getPort() + "/metrics");
      String metrics = http.send(HttpRequest.newBuilder(scrape).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("sluice_messages_received_total 1.0").contains("sluice_spool_messages 0.0")
          .contains("sluice_smtp_replies_total{code=\"220\"} 2.0").contains("sluice_smtp_replies_total{code=\"550\"} 1.0")
          .contains("sluice_smtp_replies_total{code=\"221\"} 2.0")
          .containsPattern("sluice_spool_sync_duration_seconds_count [1-9]")
          .contains("netty_allocator_memory_used").contains("netty_eventexecutor_tasks_pending{");
      // A message that has passed this organization's servers (node.test) nine times is looping: 554, not stored.
      assertThat(sendLooping(node.smtpAddress(), 9)).containsExactly("220", "250", "250", "250", "354", "554 5.4.0", "221");
      assertThat(node.spool().ids()).isEmpty();
      assertThat(LoopbackNode.emlFiles(drop)).hasSize(1);
      // Every client has gone: the session gauge comes back down once the server saw them close.
      await().atMost(Duration.ofSeconds(10)).until(() -> http.send(HttpRequest.newBuilder(scrape).build(),
          HttpResponse.BodyHandlers.ofString()).body().contains("sluice_smtp_sessions_active{direction=\"inbound\"} 0.0"));
    }
  }

  @Test
  void aMessageWhoseDropDirectoryCannotBeWrittenStaysSpooledAndIsDeliveredWhenTheNodeStartsAgain() throws Exception {
    NodeConfig config = config();
    Path drop = data.resolve("drop");
    // A file where the drop directory should be: every delivery fails, and the message must stay.
    java.nio.file.Files.writeString(drop, "in the way");
    try (TransportNode node = startSeeded(config)) {
      assertThat(send(node.smtpAddress(), "newcomer@client.test", "someone@sluice.test")).startsWith("sent 250");
      assertThat(send(node.smtpAddress(), "newcomer@client.test", "other@sluice.test")).startsWith("sent 250");
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> node.spool().ids().size() == 2);
    }
    java.nio.file.Files.delete(drop);
    try (TransportNode node = startSeeded(config)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> LoopbackNode.emlFiles(drop).size() == 2 && node.spool().ids().isEmpty());
    }
  }

  private static NodeConfig with(NodeConfig base, NodeConfig.Spool spool, NodeConfig.Limits limits) {
    return new NodeConfig(base.server(), base.zooKeeper(), base.smtp(), base.admin(), base.metrics(), spool, base.dns(),
        limits);
  }

  /** The embedded default with {@code config}, once the domain it seeds has reached its snapshot. */
  private TransportNode startSeeded(NodeConfig config) throws Exception {
    TransportNode node = TransportNode.start(config, true, data.resolve("drop"), Clock.systemUTC(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> node.directory().snapshot()
          .filter(s -> !s.config().acceptedDomains().isEmpty()).isPresent());
      return node;
    } catch (RuntimeException | Error e) {
      node.close();
      throw e;
    }
  }

  @Test
  void theLimitsOfTheConfigurationAreEnforcedOverTheWire() throws Exception {
    NodeConfig base = config();
    NodeConfig.Limits d = NodeConfig.Limits.DEFAULTS;
    // limits.greeting-delay and limits.data-timeout of 300 ms; limits.max-text-line at its 1000.
    NodeConfig.Limits quick = new NodeConfig.Limits(d.maxConnections(), d.maxCommandLine(), d.maxAuthLine(),
        d.maxTextLine(), d.maxHeaderBytes(), d.maxJunkCommands(), Duration.ofMillis(300), d.starttlsTimeout(),
        Duration.ofMillis(300), d.minDataRate(), d.shutdownGrace(), d.poisonThreshold());
    try (TransportNode node = startSeeded(with(base, base.spool(), quick))) {
      try (Socket socket = Conversation.connectFrom(CLIENT_ADDRESS, node.smtpAddress())) {
        Conversation eager = new Conversation(socket);
        eager.send("EHLO eager.client.test\r\n");
        assertThat(eager.reply()).isEqualTo("554 5.5.0 Error: SMTP protocol synchronization");
      }
      try (Socket socket = Conversation.connectFrom(CLIENT_ADDRESS, node.smtpAddress())) {
        Conversation c = new Conversation(socket);
        assertThat(c.reply()).startsWith("220 node.test");
        assertThat(c.startData("someone@sluice.test")).startsWith("354");
        c.send("Subject: wide\r\n\r\n" + "w".repeat(999) + "\r\n.\r\n");
        assertThat(c.reply()).startsWith("500 5.2.3 Error: line too long");
        c.send("MAIL FROM:<alice@client.test>\r\nRCPT TO:<someone@sluice.test>\r\nDATA\r\n");
        assertThat(c.replies(3).get(2)).startsWith("354");
        c.send("Subject: stalled\r\n\r\nand then noth");
        assertThat(c.reply()).isEqualTo("421 4.4.2 node.test Timeout waiting for data, closing connection");
      }
      assertThat(node.spool().ids()).isEmpty();
    }
  }

  @Test
  void aSpoolShortOfSpaceIsAnswered452AtMailNeverA5xx() throws Exception {
    NodeConfig base = config();
    // spool.min-free-space beyond any disk: the spool is short of space from the start (catalogue row 49, F7).
    try (TransportNode node = startSeeded(with(base, new NodeConfig.Spool(base.spool().dir(), Long.MAX_VALUE),
        base.limits()))) {
      try (Socket socket = Conversation.connectFrom(CLIENT_ADDRESS, node.smtpAddress())) {
        Conversation c = Conversation.greeted(socket);
        c.send("EHLO client.test\r\nMAIL FROM:<alice@client.test>\r\n");
        assertThat(c.replies(2).get(1)).isEqualTo("452 4.3.1 Insufficient system storage");
      }
      assertThat(node.spool().ids()).isEmpty();
    }
  }
}
