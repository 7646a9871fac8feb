package dev.sluice.node.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.node.cli.SluiceCommand;
import dev.sluice.node.spool.SegmentLogSpool;
import dev.sluice.node.spool.SpoolConfig;
import dev.sluice.node.spool.SpoolId;
import dev.sluice.node.spool.Syncer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node as its own OS process, SIGKILLed while several SMTP clients are sending: every message it
 * answered {@code 250} for is in the spool, whole, and the restarted node (same configuration, same
 * spool, same embedded ZooKeeper data) carries on with it and accepts again.
 */
class NodeCrashIT {
  private static final String NODE_ADDRESS = "127.0.0.2";
  private static final String CLIENT_ADDRESS = "127.0.0.3";
  private static final String RECIPIENT = "someone@sluice.test";
  private static final int CLIENTS = 4;
  private static final int KILL_AT = 200;
  private static final int MAX_SENDS = 400;
  private static final Pattern QUEUED = Pattern.compile("^250 2\\.0\\.0 Ok: queued as ([0-9a-f]{16})$");
  private static final Pattern ZOOKEEPER = Pattern.compile("ZooKeeper (\\S+) \\(");

  @TempDir Path dir;

  private final List<Process> processes = new ArrayList<>();
  private final String run = UUID.randomUUID().toString();
  private int smtpPort;
  private int metricsPort;
  /** The last reply that was not the one expected, for the failure message of a probe. */
  private volatile String lastRefusal = "";

  @AfterEach
  void killLeftovers() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void everyMessageAcknowledgedBeforeSigkillIsSpooledAndTheRestartedNodeCarriesOn() throws Exception {
    Path config = writeConfig();
    Process node = startNode(config, dir.resolve("node-1.log"));
    seedAcceptedDomain(zooKeeperConnect(dir.resolve("node-1.log")));
    Map<SpoolId, String> acknowledged = new ConcurrentHashMap<>();
    // The domain reaches the node's snapshot a moment after the write: the first 250 says it has.
    acknowledged.put(sendUntilQueued(marker(0)), marker(0));

    AtomicInteger attempts = new AtomicInteger(1);
    AtomicInteger acks = new AtomicInteger(1);
    AtomicBoolean killed = new AtomicBoolean();
    AtomicInteger failedAfterKill = new AtomicInteger();
    ConcurrentLinkedQueue<String> failedBeforeKill = new ConcurrentLinkedQueue<>();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      Thread client = new Thread(() -> {
        for (int n; (n = attempts.getAndIncrement()) < MAX_SENDS && !killed.get(); ) {
          try {
            Optional<SpoolId> id = send(marker(n));
            if (id.isEmpty() && !killed.get()) {
              failedBeforeKill.add("message " + n + " was not queued");
            } else if (id.isPresent() && acknowledged.put(id.get(), marker(n)) == null
                && acks.incrementAndGet() == KILL_AT) {
              killed.set(true);
              node.destroyForcibly();
            }
          } catch (IOException e) {
            if (killed.get()) {
              failedAfterKill.incrementAndGet();
            } else {
              failedBeforeKill.add("message " + n + ": " + e);
            }
          }
        }
      }, "crash-client-" + c);
      client.start();
      clients.add(client);
    }
    for (Thread client : clients) {
      client.join(TimeUnit.SECONDS.toMillis(120));
      assertThat(client.isAlive()).as("%s finished", client.getName()).isFalse();
    }
    assertThat(failedBeforeKill).isEmpty();
    assertThat(killed).as("killed after %d acknowledgements", KILL_AT).isTrue();
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    assertThat(failedAfterKill.get()).as("sessions cut by the kill: the clients were still sending").isPositive();
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(KILL_AT);
    assertSpoolHolds(acknowledged);

    Process restarted = startNode(config, dir.resolve("node-2.log"));
    // No seeding this time: the accepted domain comes back from the embedded ZooKeeper's data.
    acknowledged.put(sendUntilQueued(marker(MAX_SENDS)), marker(MAX_SENDS));
    restarted.destroy();
    assertThat(restarted.waitFor(60, TimeUnit.SECONDS)).as("stopped by SIGTERM").isTrue();
    assertSpoolHolds(acknowledged);
  }

  private Path writeConfig() throws IOException {
    smtpPort = freePort();
    metricsPort = freePort();
    Path file = dir.resolve("node.yaml");
    Files.writeString(file, String.join("\n",
        "server: {name: CRASH1, role: hub, site: Site-A, fqdn: crash1.sluice.test}",
        "zookeeper:",
        "  connect: embedded",
        "  data-dir: zookeeper",
        // A killed node's session (kept in ZooKeeper's data) expires soon, so the restart re-registers soon.
        "  session-timeout: 4s",
        "smtp.listen: " + NODE_ADDRESS + ":" + smtpPort,
        "metrics.listen: " + NODE_ADDRESS + ":" + metricsPort,
        "admin.listen: " + NODE_ADDRESS + ":" + freePort(),
        "spool:",
        "  dir: spool",
        "  min-free-space: 0",
        ""));
    return file;
  }

  private Process startNode(Path config, Path log) throws Exception {
    Process p = LoopbackNode.startProcess(config, log,
        URI.create("http://" + NODE_ADDRESS + ":" + metricsPort + "/ready"));
    processes.add(p);
    return p;
  }

  private static String zooKeeperConnect(Path log) throws IOException {
    Matcher m = ZOOKEEPER.matcher(Files.readString(log));
    assertThat(m.find()).as("the node names its embedded ZooKeeper on the console").isTrue();
    return m.group(1);
  }

  /** The admin CLI, as an operator would run it, since only the embedded default seeds its domain. */
  private void seedAcceptedDomain(String connect) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process cli = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SluiceCommand.class.getName(),
        "new-accepteddomain", "--zookeeper", connect, "--name", "Sluice test", "--domain-name", "sluice.test")
        .redirectErrorStream(true).start();
    processes.add(cli);
    String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(cli.exitValue()).as(out).isZero();
  }

  private void assertSpoolHolds(Map<SpoolId, String> acknowledged) throws IOException {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (SegmentLogSpool spool = SegmentLogSpool.open(SpoolConfig.of(dir.resolve("spool")).withMinFreeSpace(0),
        Syncer.FORCE, Clock.systemUTC(), scheduler, Runnable::run)) {
      assertThat(spool.ids()).containsAll(acknowledged.keySet());
      // F1 and F2: a message cut off by the kill is not there at all; one whose 250 the kill swallowed may be,
      // and then whole (the sender sends it again: a duplicate, never a loss).
      for (SpoolId id : spool.ids()) {
        assertThat(new String(spool.read(id).orElseThrow().contentBytes(), StandardCharsets.US_ASCII))
            .as("message %s", id).matches("(?s).*\\r\\n\\r\\n(a line of the body\\r\\n){50}the end of crash-\\d+-.*\\r\\n");
      }
      acknowledged.forEach((id, marker) -> {
        String content = new String(spool.read(id).orElseThrow().contentBytes(), StandardCharsets.US_ASCII);
        assertThat(content).as("message %s", id).contains("Message-ID: <" + marker + "@client.test>")
            .contains("Subject: " + marker).endsWith("the end of " + marker + "\r\n");
      });
    } finally {
      scheduler.shutdownNow();
    }
  }

  private SpoolId sendUntilQueued(String marker) {
    AtomicReference<SpoolId> queued = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
      Optional<SpoolId> id = send(marker);
      assertThat(id).as("queued (the last unexpected reply: %s)", lastRefusal).isPresent();
      queued.set(id.get());
    });
    return queued.get();
  }

  private String marker(int n) {
    return "crash-" + n + "-" + run;
  }

  /** One transaction on a fresh session: the queue id of a 250 after DATA, empty for any other reply. */
  private Optional<SpoolId> send(String marker) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(CLIENT_ADDRESS, 0));
      socket.connect(new InetSocketAddress(NODE_ADDRESS, smtpPort), 5_000);
      socket.setSoTimeout(20_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      if (!expect(reply(in), "220")
          || !expect(command(out, in, "EHLO client.test"), "250")
          || !expect(command(out, in, "MAIL FROM:<sender@client.test>"), "250")
          || !expect(command(out, in, "RCPT TO:<" + RECIPIENT + ">"), "250")
          || !expect(command(out, in, "DATA"), "354")) {
        return Optional.empty();
      }
      String body = "From: <sender@client.test>\r\nTo: <" + RECIPIENT + ">\r\nMessage-ID: <" + marker
          + "@client.test>\r\nSubject: " + marker + "\r\n\r\n" + "a line of the body\r\n".repeat(50)
          + "the end of " + marker + "\r\n.\r\n";
      String reply = command(out, in, body.substring(0, body.length() - 2));
      Matcher queued = QUEUED.matcher(reply);
      if (!queued.matches()) {
        lastRefusal = reply;
        return Optional.empty();
      }
      command(out, in, "QUIT");
      return Optional.of(SpoolId.parse(queued.group(1)));
    }
  }

  private boolean expect(String reply, String code) {
    if (!reply.startsWith(code)) {
      lastRefusal = reply;
      return false;
    }
    return true;
  }

  private static String command(OutputStream out, BufferedReader in, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return reply(in);
  }

  /** The last line of a reply (RFC 5321 4.2.1: every line but the last has a hyphen after the code). */
  private static String reply(BufferedReader in) throws IOException {
    for (int lines = 0; lines < 100; lines++) {
      String line = in.readLine();
      if (line == null) {
        throw new IOException("the server closed the connection");
      }
      if (line.length() < 4 || line.charAt(3) != '-') {
        return line;
      }
    }
    throw new IOException("a reply of more than 100 lines");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(NODE_ADDRESS, 0));
      return s.getLocalPort();
    }
  }
}
