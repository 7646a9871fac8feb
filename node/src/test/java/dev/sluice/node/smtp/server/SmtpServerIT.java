package dev.sluice.node.smtp.server;

import dev.sluice.node.smtp.receive.Authenticator;
import dev.sluice.node.smtp.receive.Mailbox;
import dev.sluice.node.smtp.receive.SessionFacts;
import dev.sluice.node.smtp.receive.ReceivePolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.node.smtp.SmtpReply;
import dev.sluice.node.smtp.receive.InboundConnections;
import dev.sluice.node.smtp.receive.RecordingSink;
import dev.sluice.node.smtp.receive.TestPolicy;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SMTP server over loopback TCP: against Python's smtplib (an independent client) through STARTTLS
 * and AUTH, and against a raw socket for what no polite client does: plaintext pipelined behind STARTTLS
 * (CVE-2011-0411) and a whole transaction pipelined while the sink holds its answer back.
 */
class SmtpServerIT {
  private static X509Bundle certificate;

  private final RecordingSink sink = new RecordingSink();
  private SmtpServer server;
  private InetSocketAddress address;

  @BeforeAll
  static void makeCertificate() throws Exception {
    certificate = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
        .setIsCertificateAuthority(true).ecp256().buildSelfSigned();
  }

  @BeforeEach
  void startServer() throws Exception {
    SslContext tls = SslContextBuilder.forServer(certificate.getKeyPair().getPrivate(), certificate.getCertificatePath())
        .build();
    SmtpServerSettings settings = SmtpServerSettings.defaults("mx.example.com")
        .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(10))
        .withShutdownGrace(Duration.ofSeconds(2));
    server = new SmtpServer(settings, Optional.of(tls), connection -> TestPolicy.standard(), sink);
    address = server.start(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))).get(0);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void pythonSmtplibSendsAMessageOverStartTlsWithAuth(@TempDir Path dir) throws Exception {
    String message = "From: alice@example.com\r\nTo: bob@example.com\r\nSubject: test\r\n\r\n"
        + ".a line that starts with a dot\r\n..two dots\r\n.\r\nlast line\r\n";
    Path file = Files.writeString(dir.resolve("message.eml"), message, StandardCharsets.ISO_8859_1);
    Path script = Path.of(getClass().getResource("/smtp/smtplib_client.py").toURI());
    Process python = new ProcessBuilder("python3", script.toString(), address.getHostString(),
        String.valueOf(address.getPort()), file.toString()).redirectErrorStream(true).start();
    String output;
    try {
      assertThat(python.waitFor(30, TimeUnit.SECONDS)).as("smtplib finished").isTrue();
    } finally {
      output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      python.destroyForcibly();
    }
    assertThat(python.exitValue()).as(output).isZero();
    assertThat(output.lines()).containsExactly("ehlo 250 starttls", "starttls 220",
        "ehlo-tls 250 no-starttls auth=PLAIN LOGIN", "auth 235", "sendmail refused 0", "quit 221");

    assertThat(sink.received()).hasSize(1);
    RecordingSink.Received received = sink.received().get(0);
    assertThat(received.text()).isEqualTo(message);
    assertThat(received.envelope().session().tlsActive()).isTrue();
    assertThat(received.envelope().session().identity()).hasValueSatisfying(id -> assertThat(id.name()).isEqualTo("alice"));
    assertThat(received.envelope().recipients()).hasSize(1);
  }

  @Test
  void plaintextPipelinedBehindStartTlsNeverRuns() throws Exception {
    try (Socket socket = connect()) {
      Conversation clear = new Conversation(socket);
      assertThat(clear.reply()).startsWith("220 ");
      clear.send("EHLO client.example\r\n");
      assertThat(clear.reply()).contains("STARTTLS");
      clear.send("STARTTLS\r\nMAIL FROM:<evil@example.com>\r\n");
      assertThat(clear.reply()).isEqualTo("220 2.0.0 Ready to start TLS");

      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {certificate.toTrustManager()}, null);
      try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "localhost", address.getPort(), true)) {
        tls.startHandshake();
        Conversation secure = new Conversation(tls);
        secure.send("EHLO client.example\r\n");
        // The first reply inside TLS is the EHLO's: nothing answered the injected MAIL.
        assertThat(secure.reply()).startsWith("250-mx.example.com").doesNotContain("STARTTLS");
        secure.send("RCPT TO:<bob@example.com>\r\n");
        assertThat(secure.reply()).isEqualTo("503 5.5.1 Error: need MAIL command");
        secure.send("QUIT\r\n");
        assertThat(secure.reply()).startsWith("221 2.0.0");
      }
    }
  }

  @Test
  void aPipelinedTransactionWaitsForTheSinkAndGetsItsRepliesInOrder() throws Exception {
    CompletableFuture<SmtpReply> held = new CompletableFuture<>();
    sink.answerWith(() -> held);
    try (Socket socket = connect()) {
      Conversation smtp = new Conversation(socket);
      assertThat(smtp.reply()).startsWith("220 ");
      smtp.send("EHLO client.example\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
      List<String> first = smtp.replies(4);
      assertThat(first.get(0)).startsWith("250-mx.example.com").contains("PIPELINING");
      assertThat(first.subList(1, 4)).containsExactly("250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>");
      smtp.send("Subject: one\r\n\r\n..body\r\n.\r\nMAIL FROM:<c@example.com>\r\nRCPT TO:<d@example.com>\r\nRSET\r\nQUIT\r\n");
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.received().size() == 1);
      // The sink has the message but has not answered: the server must not reply, nor run what follows.
      socket.setSoTimeout(300);
      assertThatThrownBy(smtp::reply).isInstanceOf(SocketTimeoutException.class);
      socket.setSoTimeout(10_000);
      held.complete(SmtpReply.of(250, "2.0.0", "Ok: queued as 1"));
      assertThat(smtp.replies(5)).containsExactly("250 2.0.0 Ok: queued as 1", "250 2.1.0 Ok", "250 2.1.5 Ok",
          "250 2.0.0 Ok", "221 2.0.0 Bye");
    }
    assertThat(sink.received()).hasSize(1);
    assertThat(sink.received().get(0).text()).isEqualTo("Subject: one\r\n\r\n.body\r\n");
  }

  @Test
  void whileTheSinkHoldsItsAnswerAClientCannotPipelineWithoutBound() throws Exception {
    CompletableFuture<SmtpReply> held = new CompletableFuture<>();
    sink.answerWith(() -> held);
    try (java.nio.channels.SocketChannel client = java.nio.channels.SocketChannel.open(address)) {
      client.socket().setSendBufferSize(64 * 1024);
      java.nio.ByteBuffer greeting = java.nio.ByteBuffer.allocate(512);
      while (greeting.position() < 2 || greeting.get(greeting.position() - 1) != '\n') {
        assertThat(client.read(greeting)).as("the greeting").isPositive();
      }
      client.write(java.nio.ByteBuffer.wrap(("EHLO client.example\r\nMAIL FROM:<a@example.com>\r\n"
          + "RCPT TO:<b@example.com>\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII)));
      java.nio.ByteBuffer replies = java.nio.ByteBuffer.allocate(4096);
      while (!new String(replies.array(), 0, replies.position(), StandardCharsets.US_ASCII).contains("354 ")) {
        assertThat(client.read(replies)).as("the replies up to 354").isPositive();
      }
      client.write(java.nio.ByteBuffer.wrap("Subject: one\r\n\r\nbody\r\n.\r\n".getBytes(StandardCharsets.US_ASCII)));
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.received().size() == 1);
      // The session waits for the sink; 32 MiB of pipelined NOOPs follow. Once the server stops reading, the
      // socket buffers fill and the writes make no more progress, far short of 32 MiB.
      client.configureBlocking(false);
      java.nio.ByteBuffer noops = java.nio.ByteBuffer.wrap("NOOP\r\n".repeat(1024 * 1024 / 6).getBytes(StandardCharsets.US_ASCII));
      long written = 0;
      long lastProgress = System.nanoTime();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (written < 32L << 20 && System.nanoTime() - lastProgress < Duration.ofMillis(500).toNanos()
          && System.nanoTime() < deadline) {
        if (!noops.hasRemaining()) {
          noops.rewind();
        }
        int n = client.write(noops);
        if (n > 0) {
          written += n;
          lastProgress = System.nanoTime();
        } else {
          Thread.onSpinWait();
        }
      }
      assertThat(written).as("octets the client could pipeline while the session waited").isLessThan(16L << 20);
      held.complete(SmtpReply.of(250, "2.0.0", "Ok: queued as 1"));
    }
  }

  @Test
  void aFailedSinkIsAnswered451OverTheWire() throws Exception {
    sink.answerWith(() -> CompletableFuture.failedFuture(new IOException("disk full")));
    try (Socket socket = connect()) {
      Conversation smtp = new Conversation(socket);
      assertThat(smtp.reply()).startsWith("220 ");
      smtp.send("EHLO client.example\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
      smtp.replies(4);
      smtp.send("x\r\n.\r\nQUIT\r\n");
      assertThat(smtp.replies(2)).containsExactly("451 4.3.0 Error: queue file write error", "221 2.0.0 Bye");
    }
  }

  @Test
  void theThirdConnectionFromOneSourceGets421WhileAnotherSourceIsGreeted() throws Exception {
    InboundConnections connections = new InboundConnections(100);
    InboundConnections.Limits twoPerSource = new InboundConnections.Limits(100, 2, false);
    SmtpServer limited = new SmtpServer(SmtpServerSettings.defaults("mx.example.com")
        .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(10))
        .withShutdownGrace(Duration.ofSeconds(2)), Optional.empty(),
        connection -> TestPolicy.counting(connections, twoPerSource), sink);
    InetSocketAddress at = limited.start(List.of(new InetSocketAddress("127.0.0.1", 0))).get(0);
    try (limited; Socket first = connectFrom("127.0.0.3", at); Socket second = connectFrom("127.0.0.3", at)) {
      assertThat(new Conversation(first).reply()).startsWith("220 ");
      assertThat(new Conversation(second).reply()).startsWith("220 ");
      try (Socket third = connectFrom("127.0.0.3", at); Socket other = connectFrom("127.0.0.4", at)) {
        Conversation refused = new Conversation(third);
        assertThat(refused.reply()).isEqualTo("421 4.7.0 Too many connections from 127.0.0.3");
        assertThatThrownBy(refused::reply).as("the refused connection is closed").isInstanceOf(IOException.class);
        assertThat(new Conversation(other).reply()).startsWith("220 ");
      }
      // Once a connection from 127.0.0.3 ends, its place is free again.
      Conversation quitting = new Conversation(first);
      quitting.send("QUIT\r\n");
      assertThat(quitting.reply()).startsWith("221 ");
      await().atMost(Duration.ofSeconds(10)).until(() -> connections.open() == 1);
      try (Socket again = connectFrom("127.0.0.3", at)) {
        assertThat(new Conversation(again).reply()).startsWith("220 ");
      }
    }
  }

  @Test
  void aSilentClientIsToldTheTimeoutAndDisconnected() throws Exception {
    SmtpServerSettings quick = SmtpServerSettings.defaults("mx.example.com")
        .withTimeouts(Duration.ofSeconds(60), Duration.ofMillis(500), Duration.ofSeconds(1))
        .withShutdownGrace(Duration.ofSeconds(1));
    SmtpServer impatient = new SmtpServer(quick, Optional.empty(), connection -> TestPolicy.standard(), sink);
    try {
      InetSocketAddress at = impatient.start(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))).get(0);
      try (Socket socket = connectFrom("127.0.0.5", at)) {
        Conversation c = new Conversation(socket);
        assertThat(c.reply()).startsWith("220 ");
        c.send("EHLO slow.example\r\n");
        assertThat(c.reply()).startsWith("250");
        // Nothing more is sent: the inactivity timeout (catalogue row 43) answers and closes.
        assertThat(c.reply()).isEqualTo("421 4.4.2 mx.example.com Error: timeout exceeded");
        assertThat(c.closedByServer()).isTrue();
      }
    } finally {
      impatient.close();
    }
    assertThat(sink.received()).isEmpty();
  }

  @Test
  void garbageInsteadOfATlsHandshakeClosesTheConnection() throws Exception {
    try (Socket socket = connectFrom("127.0.0.6", address)) {
      Conversation c = new Conversation(socket);
      assertThat(c.reply()).startsWith("220 ");
      c.send("EHLO client.example\r\n");
      assertThat(c.reply()).contains("STARTTLS");
      c.send("STARTTLS\r\n");
      assertThat(c.reply()).startsWith("220 2.0.0");
      // Catalogue row 38: plaintext where the TLS handshake belongs.
      c.send("MAIL FROM:<evil@example.com>\r\nRCPT TO:<bob@example.com>\r\n");
      // The handshake fails: the server sends at most a TLS alert and closes (readAllBytes returns at the
      // close, within the socket's 10 s timeout); no SMTP reply to the plaintext commands comes back.
      String after = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(after).doesNotContain("250").doesNotContain("503");
    }
    assertThat(sink.received()).isEmpty();
    // The failed handshake cost one connection, nothing more: the next client is served.
    try (Socket socket = connectFrom("127.0.0.8", address)) {
      Conversation next = new Conversation(socket);
      assertThat(next.reply()).startsWith("220 ");
      assertThat(next.startData()).startsWith("354");
      next.send("Subject: after\r\n\r\nbody\r\n.\r\n");
      assertThat(next.reply()).startsWith("250 2.0.0");
    }
    assertThat(sink.received()).hasSize(1);
  }

  /** The standard test policy, with the limits a Receive connector may set of its own. */
  private static ReceivePolicy withConnectorLimits(int maxErrors, Duration inactivity) {
    ReceivePolicy standard = TestPolicy.standard();
    return new ReceivePolicy() {
      @Override
      public SmtpReply checkSender(SessionFacts session, Optional<Mailbox> sender, java.util.OptionalLong size) {
        return standard.checkSender(session, sender, size);
      }

      @Override
      public SmtpReply checkRecipient(SessionFacts session, Optional<Mailbox> sender, Mailbox recipient) {
        return standard.checkRecipient(session, sender, recipient);
      }

      @Override
      public long maxMessageSize() {
        return standard.maxMessageSize();
      }

      @Override
      public int maxRecipients() {
        return standard.maxRecipients();
      }

      @Override
      public Authenticator authenticator() {
        return standard.authenticator();
      }

      @Override
      public java.util.OptionalInt maxProtocolErrors() {
        return java.util.OptionalInt.of(maxErrors);
      }

      @Override
      public Optional<Duration> inactivityTimeout() {
        return Optional.of(inactivity);
      }
    };
  }

  @Test
  void theReceiveConnectorsOwnErrorLimitAndInactivityTimeoutApply() throws Exception {
    SmtpServer strict = new SmtpServer(SmtpServerSettings.defaults("mx.example.com"), Optional.empty(),
        connection -> withConnectorLimits(2, Duration.ofSeconds(1)), sink);
    try {
      InetSocketAddress at = strict.start(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))).get(0);
      try (Socket socket = connectFrom("127.0.0.7", at)) {
        Conversation c = new Conversation(socket);
        assertThat(c.reply()).startsWith("220 ");
        c.send("FOO\r\nBAR\r\nBAZ\r\n");
        assertThat(c.replies(3)).extracting(r -> r.substring(0, 9))
            .containsExactly("500 5.5.2", "500 5.5.2", "421 4.7.0");
      }
      try (Socket socket = connectFrom("127.0.0.7", at)) {
        Conversation c = new Conversation(socket);
        assertThat(c.reply()).startsWith("220 ");
        // The server's own inactivity timeout is five minutes; the connector's one second applies.
        assertThat(c.reply()).startsWith("421 4.4.2");
      }
    } finally {
      strict.close();
    }
  }

  private static Socket connectFrom(String source, InetSocketAddress server) throws IOException {
    return Conversation.connectFrom(source, server);
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(address.getAddress(), address.getPort());
    socket.setSoTimeout(10_000);
    return socket;
  }
}
