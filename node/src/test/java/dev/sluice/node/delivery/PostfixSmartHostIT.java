package dev.sluice.node.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.directory.ObjectKind;
import dev.sluice.node.config.HostPort;
import dev.sluice.node.config.NodeConfig;
import dev.sluice.node.delivery.postfix.PrivatePostfix;
import dev.sluice.node.delivery.postfix.SmtpSink;
import dev.sluice.node.delivery.postfix.Smtplib;
import dev.sluice.node.lifecycle.TransportNode;
import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.AcceptedDomainType;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.UsageType;
import dev.sluice.routing.validate.UsageDefaults;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * Postfix as a real smart host: a node's Send connector relays through a private Postfix instance (its own
 * configuration, queue and log under a temporary directory, never the system's), which relays on to
 * Postfix's smtp-sink. Mail goes in through Python's smtplib, so every SMTP conversation on the way has a
 * party this project did not write: smtplib to the node, the node to Postfix's smtpd, Postfix to smtp-sink.
 */
class PostfixSmartHostIT {
  private static final String NODE_ADDRESS = "127.0.0.30";
  private static final String POSTFIX_ADDRESS = "127.0.0.31";
  private static final String SINK_ADDRESS = "127.0.0.32";
  private static final String CLIENT_ADDRESS = "127.0.0.33";
  private static final String CONNECTOR = "to postfix";
  private static final String REFUSED = "nobody@example.org";
  private static final Duration ARRIVAL = Duration.ofSeconds(60);

  @TempDir static Path data;
  private static Path postfixDir;
  private static SmtpSink sink;
  private static PrivatePostfix postfix;
  private static TransportNode node;
  private static NodeConfig config;

  /** What each party logged, when a test fails: the reason is usually in Postfix's log. */
  @RegisterExtension
  static final TestWatcher DIAGNOSTICS = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      System.err.println("--- " + context.getDisplayName() + " failed; Postfix's log ---\n"
          + (postfix == null ? "(no Postfix)" : postfix.logText())
          + "\n--- smtp-sink ---\n" + (sink == null ? "(no smtp-sink)" : sink.output())
          + "\n--- the node's tracking log ---\n" + tracking());
    }
  };

  @BeforeAll
  static void start() throws Exception {
    assertThat(PrivatePostfix.POSTFIX).as("Postfix is not installed; .ci/run installs it with apt-get").exists();
    assertThat(System.getProperty("user.name"))
        .as("Postfix's master runs as root: this test runs where the CI does, as root").isEqualTo("root");
    // @AfterAll cleans up after a start that failed half way, too.
    postfixDir = Files.createTempDirectory("sluice-postfix",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    // Postfix's unprivileged daemons must get through it to their queue.
    Files.setPosixFilePermissions(postfixDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    InetSocketAddress sinkAddress = new InetSocketAddress(SINK_ADDRESS, freePort(SINK_ADDRESS));
    sink = SmtpSink.start(postfixDir.resolve("sink"), sinkAddress);
    InetSocketAddress postfixSmtp = new InetSocketAddress(POSTFIX_ADDRESS, freePort(POSTFIX_ADDRESS));
    postfix = PrivatePostfix.create(postfixDir.resolve("postfix"), postfixSmtp, sinkAddress, List.of(
        "smtpd_recipient_restrictions = check_recipient_access inline:{{" + REFUSED
            + " = 550 5.1.1 no such user here}}, permit_mynetworks, reject"));
    postfix.start();

    config = nodeConfig();
    node = TransportNode.start(config, false, data.resolve("drop"), Clock.systemUTC(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    var directory = node.directory().directory();
    directory.create(ObjectKind.ACCEPTED_DOMAIN,
        new AcceptedDomain("example.org", "example.org", AcceptedDomainType.EXTERNAL_RELAY));
    // As new-sendconnector writes an Internet connector: Anonymous may send Received fields.
    directory.create(ObjectKind.SEND_CONNECTOR, UsageDefaults.newConnector(SendConnector.builder(CONNECTOR)
        .addressSpaces("SMTP:example.org;1,SMTP:client.test;1").sourceTransportServers(NodeConfig.EMBEDDED_SERVER_NAME)
        .dnsRoutingEnabled(false).smartHosts("[" + POSTFIX_ADDRESS + "]:" + postfixSmtp.getPort()),
        Optional.of(UsageType.INTERNET), Optional.empty()));
    await("the connector in the node's snapshot").atMost(Duration.ofSeconds(30)).until(() -> node.directory()
        .snapshot().map(s -> s.config().sendConnectors().stream().anyMatch(c -> c.name().equals(CONNECTOR))
            && !s.config().acceptedDomains().isEmpty()).orElse(false));
  }

  @AfterAll
  static void stop() throws IOException {
    if (node != null) {
      node.close();
    }
    if (postfix != null) {
      postfix.close();
    }
    if (sink != null) {
      sink.close();
    }
    if (postfixDir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(postfixDir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The embedded default on its own loopback address, retrying within seconds instead of minutes. */
  private static NodeConfig nodeConfig() throws IOException {
    NodeConfig embedded = NodeConfig.embeddedDefault(data, "node.test");
    return new NodeConfig(embedded.server(), embedded.zooKeeper(),
        new NodeConfig.Smtp(new HostPort(NODE_ADDRESS, freePort(NODE_ADDRESS)), NodeConfig.Smtp.Tls.NONE),
        embedded.admin(), new NodeConfig.Metrics(new HostPort(NODE_ADDRESS, freePort(NODE_ADDRESS))),
        embedded.spool(), embedded.dns(), embedded.limits())
        .withQueue(new NodeConfig.Queue(4, Duration.ofSeconds(1), 6, Duration.ofSeconds(2), Duration.ofSeconds(3),
            Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofDays(1), 20, Duration.ofSeconds(30)));
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(host, 0));
      return s.getLocalPort();
    }
  }

  /** A message with a header of this test's own, and a line the node must dot-stuff. */
  private static String message(String sender, String token, List<String> to) {
    return "From: <" + sender + ">\r\nTo: " + String.join(", ", to) + "\r\nSubject: via Postfix " + token
        + "\r\nX-Sluice-Test: " + token + "\r\n\r\n.a line that starts with a dot\r\nbye " + token + "\r\n";
  }

  private static String send(String sender, String token, List<String> to) throws Exception {
    return Smtplib.send(node.smtpAddress(), CLIENT_ADDRESS, sender, to, message(sender, token, to));
  }

  /** The transaction smtp-sink dumped for {@code token}, once it is complete. */
  private static String arrived(String token) {
    return await("the message " + token + " at the sink behind Postfix").atMost(ARRIVAL)
        .until(() -> sink.dumps().stream().filter(d -> original(d, token)).findFirst(), Optional::isPresent)
        .orElseThrow();
  }

  private static boolean arrivedYet(String token) throws IOException {
    return sink.dumps().stream().anyMatch(d -> original(d, token));
  }

  /** Whether {@code dump} is the test's message {@code token} itself, not a DSN that quotes it (from {@code <>}). */
  private static boolean original(String dump, String token) {
    return dump.contains("X-Sluice-Test: " + token) && !dump.contains("X-Mail-Args: <>");
  }

  /** Every line of the node's tracking log. */
  private static String tracking() {
    Path dir = config == null ? data.resolve("tracking") : config.trackingDir();
    if (!Files.isDirectory(dir)) {
      return "";
    }
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("MSGTRK")).sorted().toList()) {
        all.append(Files.readString(f, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      all.append("(the tracking log cannot be read: ").append(e).append(')');
    }
    return all.toString();
  }

  /** The tracking lines of {@code event} for messages from {@code sender} (its column follows the empty client-ip). */
  private static List<String> trackingLines(String event, String sender) {
    return tracking().lines().filter(l -> l.contains("," + event + ",") && l.contains(",," + sender + ",")).toList();
  }

  private static String group(String regex, String text) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("/" + regex + "/ in\n" + text).isTrue();
    return m.group(1);
  }

  @Test
  void aMessageLeavesThroughPostfixWithItsHeadersAndTheReceivedFieldsOfBothHops() throws Exception {
    String token = UUID.randomUUID().toString().substring(0, 8);
    String sender = "first-" + token + "@client.test";
    assertThat(send(sender, token, List.of("someone@example.org"))).startsWith("sent 250");

    String dump = arrived(token);
    assertThat(dump).contains("X-Mail-Args: <" + sender + ">").contains("X-Rcpt-Args: <someone@example.org>")
        .contains("\nSubject: via Postfix " + token + "\n").contains("\nX-Sluice-Test: " + token + "\n")
        // A line that begins with a dot arrives as it was written: stuffed for DATA, left alone for BDAT.
        .contains("\n.a line that starts with a dot\n");
    // Newest first: Postfix's field, from the node by its EHLO name, then the node's, from smtplib.
    String postfixReceived = group("(Received: from node\\.test \\([^)]*\\)\n\tby postfix\\.test \\(Postfix\\)"
        + " with E?SMTP id \\w+)", dump);
    String nodeReceived = group("(Received: from client\\.test \\(\\[" + Pattern.quote(CLIENT_ADDRESS)
        + "\\]\\)\n\tby node\\.test \\(Sluice\\) with E?SMTP id \\S+)", dump);
    assertThat(dump.indexOf(postfixReceived)).isLessThan(dump.indexOf(nodeReceived));
    String messageId = group("\\(Sluice\\) with E?SMTP id ([^\\s;]+)", nodeReceived);

    await("the spool empty").atMost(Duration.ofSeconds(30)).until(() -> node.spool().ids().isEmpty());
    List<String> sent = await("a SEND line").atMost(Duration.ofSeconds(10))
        .until(() -> trackingLines("SEND", sender), l -> !l.isEmpty());
    assertThat(sent).singleElement().asString().contains(",SEND," + messageId + ",").contains("," + CONNECTOR + ",")
        .contains(",someone@example.org,").containsPattern(",250 2\\.0\\.0 Ok: (\\d+ bytes )?queued as \\w+,")
        .endsWith("," + POSTFIX_ADDRESS);
    // Postfix's own account of the same message: the id it gave the node, relayed on and sent.
    String queueId = group("queued as (\\w+)", sent.get(0));
    await("Postfix's log of " + queueId).atMost(Duration.ofSeconds(10)).until(() -> postfix.logText().lines()
        .anyMatch(l -> l.contains(queueId + ": to=<someone@example.org>, relay=" + SINK_ADDRESS)
            && l.contains("status=sent")));
    // Postfix offers CHUNKING, so the node sent the message with BDAT; Postfix counts the commands of each session.
    assertThat(postfix.logText()).containsPattern("disconnect from .* bdat=1 quit=1");
    assertThat(trackingLines("DEFER", sender)).isEmpty();
  }

  @Test
  void aMessageWaitsWhilePostfixIsDownAndLeavesByItselfOnceItIsBack() throws Exception {
    String token = UUID.randomUUID().toString().substring(0, 8);
    String sender = "patient-" + token + "@client.test";
    postfix.stop();
    try {
      assertThat(send(sender, token, List.of("someone@example.org"))).startsWith("sent 250");
      // Glitch retries a second apart: two of them at least, each a DEFER that names the smart host.
      List<String> deferred = await("DEFER lines").atMost(Duration.ofSeconds(30))
          .until(() -> trackingLines("DEFER", sender), l -> l.size() >= 2);
      assertThat(deferred).allSatisfy(l -> assertThat(l).contains("," + CONNECTOR + ",").contains(POSTFIX_ADDRESS));
      // Queued at the point of failure: kept in the spool, nothing sent, nothing failed.
      assertThat(node.spool().ids()).hasSize(1);
      assertThat(arrivedYet(token)).isFalse();
      assertThat(trackingLines("FAIL", sender)).isEmpty();
    } finally {
      postfix.start();
    }
    String dump = arrived(token);
    assertThat(dump).contains("X-Rcpt-Args: <someone@example.org>").contains("\nX-Sluice-Test: " + token + "\n");
    await("the spool empty").atMost(Duration.ofSeconds(30)).until(() -> node.spool().ids().isEmpty());
    await("a SEND line").atMost(Duration.ofSeconds(10)).until(() -> trackingLines("SEND", sender), l -> l.size() == 1);
    assertThat(trackingLines("FAIL", sender)).isEmpty();
  }

  @Test
  void aRecipientPostfixRefusesFailsForGoodWhileTheOtherIsDelivered() throws Exception {
    String token = UUID.randomUUID().toString().substring(0, 8);
    String sender = "mixed-" + token + "@client.test";
    // The node accepts both: only Postfix knows that one of them does not exist.
    assertThat(send(sender, token, List.of(REFUSED, "somebody@example.org"))).startsWith("sent 250");

    String dump = arrived(token);
    assertThat(dump).contains("X-Rcpt-Args: <somebody@example.org>").doesNotContain("X-Rcpt-Args: <" + REFUSED);
    assertThat(sink.dumps().stream().filter(d -> original(d, token))).hasSize(1);
    await("the spool empty").atMost(Duration.ofSeconds(30)).until(() -> node.spool().ids().isEmpty());
    List<String> failed = await("a FAIL line").atMost(Duration.ofSeconds(10))
        .until(() -> trackingLines("FAIL", sender), l -> !l.isEmpty());
    assertThat(failed).singleElement().asString().contains("," + REFUSED + ",")
        .contains(",550 5.1.1 <" + REFUSED + ">: Recipient address rejected: no such user here,")
        .endsWith("," + POSTFIX_ADDRESS);
    assertThat(trackingLines("SEND", sender)).singleElement().asString().contains(",somebody@example.org,")
        .doesNotContain(REFUSED);
    // A 5xx is final: the refused recipient was not tried again.
    assertThat(trackingLines("DEFER", sender)).isEmpty();
    assertThat(postfix.logText()).contains("reject: RCPT from").contains("to=<" + REFUSED + ">");
    // The sender's DSN goes out through Postfix as well (client.test is in the connector's address spaces).
    String dsn = await("the DSN at the sink").atMost(Duration.ofSeconds(30)).until(() -> sink.dumps().stream()
        .filter(d -> d.contains("X-Rcpt-Args: <" + sender + ">") && d.contains("Action: failed")).findFirst(),
        Optional::isPresent).orElseThrow();
    assertThat(dsn).contains("X-Mail-Args: <>").contains("Final-Recipient: rfc822; " + REFUSED)
        .contains("Status: 5.1.1").doesNotContain("Final-Recipient: rfc822; somebody@example.org");
  }
}
