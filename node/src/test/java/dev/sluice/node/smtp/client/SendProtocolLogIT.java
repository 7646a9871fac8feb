package dev.sluice.node.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.node.smtp.client.SmtpClient.Login;
import dev.sluice.node.smtp.client.SmtpClient.Message;
import dev.sluice.node.smtp.client.SmtpClient.Tls;
import dev.sluice.node.smtp.receive.RecordingSink;
import dev.sluice.node.smtp.receive.TestPolicy;
import dev.sluice.node.smtp.server.SmtpServer;
import dev.sluice.node.smtp.server.SmtpServerSettings;
import dev.sluice.routing.model.ProtocolLoggingLevel;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The send protocol log written by real sessions: a session's events in order with their sequence numbers,
 * the TLS line, and never a credential (neither the password nor any base64 form of it), with AUTH PLAIN
 * against the node's own server and AUTH LOGIN against a server that offers only LOGIN; nothing at all for a
 * connector whose ProtocolLoggingLevel is None.
 */
class SendProtocolLogIT {
  private static final String PASSWORD = "secret";
  private static final byte[] CONTENT = "Subject: log\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);

  private final MultiThreadIoEventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private static String allOf(Path dir) throws Exception {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        all.append(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return all.toString();
  }

  private static List<String[]> sessionLines(String all) {
    return all.lines().filter(l -> !l.startsWith("#")).map(l -> l.split(",", 9)).toList();
  }

  private SmtpClient client(SendProtocolLog log, ProtocolLoggingLevel level, Tls tls) {
    return new SmtpClient(loops, SmtpClientSettings.defaults("Smart host", "hub1.sluice.test")
        .withReplyTimeout(Duration.ofSeconds(10)).withTls(tls).withLogin(Optional.of(new Login("alice", PASSWORD)))
        .withProtocolLogging(level), Optional.of(log), n -> { });
  }

  @Test
  void aSessionIsLoggedInOrderAndAuthPlainAppearsMasked(@TempDir Path dir, @TempDir Path certs) throws Exception {
    TestPki pki = new TestPki();
    SmtpServer server = new SmtpServer(SmtpServerSettings.defaults("mx.example.com"),
        Optional.of(pki.serverContext(certs, false)), connection -> TestPolicy.standard(), new RecordingSink());
    closing.add(server);
    InetSocketAddress at = server.start(List.of(new InetSocketAddress("127.0.0.6", 0))).get(0);
    SendProtocolLog log = new SendProtocolLog(dir.resolve("send"), "test", Clock.systemUTC());
    closing.add(log);
    SmtpClient client = client(log, ProtocolLoggingLevel.VERBOSE,
        new Tls(Optional.of(pki.clientContext(false)), true, false, Optional.of("mx.partner.example")));

    SmtpConnection connection = client.open(at).get(30, TimeUnit.SECONDS);
    assertThat(connection.send(new Message("s@sluice.test", List.of("someone@elsewhere.example"), CONTENT))
        .get(30, TimeUnit.SECONDS).replies().get("someone@elsewhere.example").code()).isEqualTo(250);
    connection.close();
    connection.closed().get(30, TimeUnit.SECONDS);

    String all = allOf(dir.resolve("send"));
    List<String[]> lines = sessionLines(all);
    assertThat(lines).isNotEmpty().allSatisfy(l -> {
      assertThat(l[1]).isEqualTo("Smart host");
      assertThat(l[2]).isEqualTo(lines.get(0)[2]);
      assertThat(l[5]).isEqualTo("127.0.0.6:" + at.getPort());
    });
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i)[3]).isEqualTo(Integer.toString(i));
    }
    assertThat(lines).extracting(l -> l[6] + "," + l[7].split(" ")[0]).startsWith(
        "+,", "<,220", ">,EHLO", "<,250", ">,STARTTLS", "<,220", "*,TLSv1.3", "*,CN=mx.partner.example", "*,mx.partner.example", ">,EHLO",
        "<,250", ">,AUTH", "<,235", ">,MAIL", ">,RCPT");
    assertThat(lines).extracting(l -> l[6]).last().isEqualTo("-");
    assertThat(all).contains(">,AUTH PLAIN ****,").contains(">,QUIT,");
    assertNoCredential(all);
  }

  @Test
  void authLoginAnswersAreMaskedAndNoneLogsNothing(@TempDir Path dir) throws Exception {
    ScriptedServer loginOnly = new ScriptedServer("127.0.0.6", peer -> peer.serve(List.of("AUTH LOGIN"), line -> {
      if (line.startsWith("AUTH LOGIN")) {
        return "334 VXNlcm5hbWU6";
      }
      if (line.equals(b64("alice"))) {
        return "334 UGFzc3dvcmQ6";
      }
      return line.equals(b64(PASSWORD)) ? "235 2.7.0 ok" : null;
    }));
    closing.add(loginOnly);
    SendProtocolLog log = new SendProtocolLog(dir.resolve("send"), "test", Clock.systemUTC());
    closing.add(log);

    assertThat(sendAndClose(client(log, ProtocolLoggingLevel.VERBOSE, Tls.NONE), loginOnly.address())).isEqualTo(250);
    String afterVerbose = allOf(dir.resolve("send"));
    assertThat(sendAndClose(client(log, ProtocolLoggingLevel.NONE, Tls.NONE), loginOnly.address())).isEqualTo(250);

    String all = allOf(dir.resolve("send"));
    assertThat(loginOnly.lines()).as("the server did get the credentials").contains(b64(PASSWORD));
    assertThat(all).contains(">,AUTH LOGIN,").contains(">,****,");
    assertThat(sessionLines(all)).filteredOn(l -> l[7].equals("****")).hasSize(2);
    assertNoCredential(all);
    assertThat(all).as("ProtocolLoggingLevel None writes nothing").isEqualTo(afterVerbose);
  }

  /** The reply code for one message, once the connection is closed (so every line is written). */
  private static int sendAndClose(SmtpClient client, InetSocketAddress at) throws Exception {
    SmtpConnection connection = client.open(at).get(30, TimeUnit.SECONDS);
    int code = connection.send(new Message("s@sluice.test", List.of("a@example.com"), CONTENT))
        .get(30, TimeUnit.SECONDS).replies().get("a@example.com").code();
    connection.close();
    connection.closed().get(30, TimeUnit.SECONDS);
    return code;
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertNoCredential(String all) {
    assertThat(all).doesNotContain(PASSWORD, b64(PASSWORD), b64("\0alice\0" + PASSWORD), b64("alice"),
        b64("alice\0" + PASSWORD));
    // The base64 of the password at each of the three offsets it can take inside a longer text.
    for (String pad : List.of("x", "xx")) {
      String shifted = b64(pad + PASSWORD);
      assertThat(all).doesNotContain(shifted.substring(4, shifted.length() - 4));
    }
  }
}
