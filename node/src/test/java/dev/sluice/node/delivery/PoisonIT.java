package dev.sluice.node.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.node.cli.SluiceCommand;
import dev.sluice.node.lifecycle.LoopbackNode;
import dev.sluice.node.smtp.client.SmtpClient;
import dev.sluice.node.spool.SegmentLogSpool;
import dev.sluice.node.spool.SpoolConfig;
import dev.sluice.node.spool.Syncer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Exchange's PoisonThreshold with a real crash: a node in its own JVM is SIGKILLed twice while a message is in
 * flight to a next hop that has the data but never answers it; the third start holds the message in the
 * Poison queue instead of delivering it (the next hop sees no new attempt), and {@code resume-queue} on that
 * queue lets it go, so that it is delivered once and leaves the spool. Its other recipient, delivered before
 * the crashes, is neither held nor delivered again. The operator's side is the real CLI, in this JVM, against
 * the node's ZooKeeper and admin endpoint.
 */
class PoisonIT {
  private static final String SERVER = "POISON1";
  private static final String NODE_ADDRESS = "127.0.0.70";
  private static final String PEER_ADDRESS = "127.0.0.71";
  private static final String OTHER_ADDRESS = "127.0.0.72";
  private static final String POISON = SERVER + "\\Poison";
  private static final Pattern ZOOKEEPER = Pattern.compile("ZooKeeper (\\S+) \\(");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> processes = new ArrayList<>();
  private final MultiThreadIoEventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private StallingPeer peer;
  private ScriptedSmtpServer other;
  private int smtpPort;
  private int metricsPort;

  @AfterEach
  void cleanUp() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    if (peer != null) {
      peer.close();
    }
    if (other != null) {
      other.close();
    }
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  @Test
  void aMessageInFlightAtTwoCrashesIsHeldAsPoisonUntilResumedThenDeliveredOnce() throws Exception {
    int peerPort = LoopbackNode.freePort(PEER_ADDRESS);
    other = new ScriptedSmtpServer(OTHER_ADDRESS);
    Path config = writeConfig();

    Process first = startNode(config, 1);
    String connect = zooKeeperConnect(1);
    connector(connect, "out", "example.org", "[" + PEER_ADDRESS + "]:" + peerPort);
    connector(connect, "other", "example.net", "[" + OTHER_ADDRESS + "]:" + other.address().getPort());
    submitUntilQueued();

    // y@example.net is delivered at once, and its completion is on the spool's log before the attempt for
    // x@example.org begins (one writer, in order): that attempt waits for its next hop to come up.
    await().atMost(Duration.ofSeconds(60)).until(() -> tracking().lines()
        .anyMatch(l -> l.contains(",SEND,") && l.contains("y@example.net")));
    assertThat(other.received()).singleElement()
        .satisfies(m -> assertThat(m.recipients()).containsExactly("y@example.net"));
    peer = new StallingPeer(new java.net.InetSocketAddress(PEER_ADDRESS, peerPort));

    // The first attempt for x: the peer has the data and the node waits for its answer when it dies.
    await().atMost(Duration.ofSeconds(60)).until(() -> peer.dataSeen() == 1);
    kill(first);

    // Once interrupted, a message is still delivered at the next start: the second attempt, killed alike.
    Process second = startNode(config, 2);
    await().atMost(Duration.ofSeconds(60)).until(() -> peer.dataSeen() == 2);
    kill(second);
    int sessionsBefore = peer.sessions();

    // Twice in flight at a crash: the third start holds it in the Poison queue, and nothing goes out.
    startNode(config, 3);
    String connectNow = zooKeeperConnect(3);
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> messageCount(getQueue(connectNow), POISON) == 1);
    JsonNode held = JSON.readTree(cli("get-message", "--zookeeper", connectNow, "--cluster-key-file", clusterKey(),
        "--queue", POISON, "--format", "json"));
    assertThat(held).hasSize(1);
    assertThat(held.get(0).get("queue").asText()).isEqualTo(POISON);
    assertThat(held.get(0).get("lastError").asText()).contains("stopped 2 times");
    // Only the recipient still open is held: y@example.net was delivered before the crashes.
    assertThat(held.get(0).get("recipients")).extracting(JsonNode::asText).containsExactly("x@example.org");
    assertThat(spoolGauge()).isEqualTo(1);
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
        .until(() -> peer.sessions() == sessionsBefore && peer.dataSeen() == 2);
    assertThat(peer.received()).isEmpty();

    // The operator lets it go once the next hop answers again: delivered once, and gone from the spool.
    peer.answer();
    cli("resume-queue", "--zookeeper", connectNow, "--cluster-key-file", clusterKey(), "--identity", POISON);
    await().atMost(Duration.ofSeconds(30)).until(() -> peer.received().size() == 1 && spoolGauge() == 0);
    assertThat(peer.received().get(0).recipients()).containsExactly("x@example.org");
    assertThat(peer.received().get(0).content()).contains("Subject: poison test");
    assertThat(messageCount(getQueue(connectNow), POISON)).isZero();
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(peer.received()).hasSize(1);
      assertThat(other.received()).as("y@example.net, delivered before the crashes, is not delivered again").hasSize(1);
    });

    processes.get(processes.size() - 1).destroy();
    assertThat(processes.get(processes.size() - 1).waitFor(60, TimeUnit.SECONDS)).as("stopped by SIGTERM").isTrue();
    assertThat(spoolIds()).isEmpty();
  }

  /** Accepts {@code domain} and sends it through the Send connector {@code name} to {@code smartHost}, by the CLI. */
  private void connector(String connect, String name, String domain, String smartHost) {
    cli("new-accepteddomain", "--zookeeper", connect, "--name", domain, "--domain-name", domain);
    cli("new-sendconnector", "--zookeeper", connect, "--cluster-key-file", clusterKey(), "--name", name,
        "--address-spaces", "SMTP:" + domain + ";1", "--source-transport-servers", SERVER,
        "--dns-routing-enabled", "false", "--smart-hosts", smartHost);
  }

  private String tracking() throws IOException {
    StringBuilder all = new StringBuilder();
    Path tracking = dir.resolve("tracking");
    if (Files.isDirectory(tracking)) {
      try (var files = Files.list(tracking)) {
        for (Path f : files.toList()) {
          all.append(Files.readString(f));
        }
      }
    }
    return all.toString();
  }

  private Path writeConfig() throws Exception {
    smtpPort = LoopbackNode.freePort(NODE_ADDRESS);
    metricsPort = LoopbackNode.freePort(NODE_ADDRESS);
    Path file = dir.resolve("node.yaml");
    Files.writeString(file, String.join("\n",
        "server: {name: " + SERVER + ", role: hub, site: Site-A, fqdn: poison1.sluice.test}",
        "zookeeper:",
        "  connect: embedded",
        "  data-dir: zookeeper",
        // A killed node's session (kept in ZooKeeper's data) expires soon, so the restart re-registers soon.
        "  session-timeout: 4s",
        "smtp.listen: " + NODE_ADDRESS + ":" + smtpPort,
        "metrics.listen: " + NODE_ADDRESS + ":" + metricsPort,
        "admin.listen: " + NODE_ADDRESS + ":" + LoopbackNode.freePort(NODE_ADDRESS),
        "spool:",
        "  dir: spool",
        "  min-free-space: 0",
        "limits:",
        "  poison-threshold: 2",
        "queue:",
        "  glitch-retry-interval: 500ms",
        "  transient-retry-interval: 1s",
        "  outbound-connection-failure-retry-interval: 2s",
        "  message-retry-interval: 1s",
        // Longer than the wait for the kill: the stalled end of data is never given up on by the client first.
        "  reply-timeout: 60s",
        ""));
    return file;
  }

  private Process startNode(Path config, int run) throws Exception {
    Process p = LoopbackNode.startProcess(config, log(run),
        URI.create("http://" + NODE_ADDRESS + ":" + metricsPort + "/ready"));
    processes.add(p);
    return p;
  }

  private static void kill(Process node) throws InterruptedException {
    node.destroyForcibly();
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as("killed by SIGKILL").isEqualTo(137);
  }

  private Path log(int run) {
    return dir.resolve("node-" + run + ".log");
  }

  /** The embedded ZooKeeper's address, as the node printed it (it may change from one start to the next). */
  private String zooKeeperConnect(int run) throws IOException {
    Matcher m = ZOOKEEPER.matcher(Files.readString(log(run)));
    assertThat(m.find()).as("the node names its embedded ZooKeeper on the console").isTrue();
    return m.group(1);
  }

  private String clusterKey() {
    return dir.resolve("cluster.key").toString();
  }

  /** Runs the CLI in this JVM, as an operator would; returns what it printed, failing on a non-zero exit. */
  private static String cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = SluiceCommand.commandLine();
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    int exit = cli.execute(args);
    assertThat(exit).as("%s: %s", String.join(" ", args), err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private JsonNode getQueue(String connect) throws IOException {
    return JSON.readTree(cli("get-queue", "--zookeeper", connect, "--cluster-key-file", clusterKey(),
        "--server", SERVER, "--format", "json"));
  }

  private static int messageCount(JsonNode queues, String identity) {
    for (JsonNode q : queues) {
      if (q.get("identity").asText().equalsIgnoreCase(identity)) {
        return q.get("messageCount").asInt();
      }
    }
    throw new AssertionError("no queue " + identity + " in " + queues);
  }

  /** The messages the running node's spool holds, from its metrics. */
  private int spoolGauge() throws Exception {
    String metrics = http.send(HttpRequest.newBuilder(URI.create("http://" + NODE_ADDRESS + ":" + metricsPort
        + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("(?m)^sluice_spool_messages(?:\\{[^}]*})? (\\S+)$").matcher(metrics);
    assertThat(m.find()).as("sluice_spool_messages in %s", metrics).isTrue();
    return (int) Double.parseDouble(m.group(1));
  }

  /** What the stopped node's spool holds, opened the way the node opens it. */
  private List<?> spoolIds() throws IOException {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (SegmentLogSpool spool = SegmentLogSpool.open(SpoolConfig.of(dir.resolve("spool")).withMinFreeSpace(0),
        Syncer.FORCE, Clock.systemUTC(), scheduler, Runnable::run)) {
      return List.copyOf(spool.ids());
    } finally {
      scheduler.shutdownNow();
    }
  }

  /** Submits the message, again while the node does not yet accept example.org (its snapshot lags the CLI). */
  private void submitUntilQueued() {
    byte[] content = "From: <a@client.test>\r\nSubject: poison test\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    SmtpClient client = new SmtpClient(loops, "client.test", false, Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
      Map<String, SmtpClient.Reply> replies = client.send(new java.net.InetSocketAddress(NODE_ADDRESS, smtpPort),
          new SmtpClient.Message("a@client.test", List.of("x@example.org", "y@example.net"), content)).get(20, TimeUnit.SECONDS);
      return replies.values().stream().allMatch(SmtpClient.Reply::isSuccess);
    });
  }
}
