package dev.sluice.node.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.node.smtp.SmtpReply;
import dev.sluice.node.smtp.codec.LineLimits;
import dev.sluice.node.smtp.receive.InboundConnections;
import dev.sluice.node.smtp.receive.RecordingSink;
import dev.sluice.node.smtp.receive.TestPolicy;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The receive hardening over loopback TCP, server and each client on a 127.0.0.x address of its own, with
 * timeouts of hundreds of milliseconds: a client that stops in the middle of DATA or of a BDAT chunk, a
 * trickle below the minimum data rate beside a client above it, a command trickled an octet at a time, the
 * sink's silence (not the client's), a stalled TLS handshake, a client that talks before a delayed greeting,
 * a client that disconnects in the middle of DATA or right after its end, and text lines over the limit.
 */
class SmtpServerHardeningIT {
  private static final String SERVER_ADDRESS = "127.0.0.20";
  private static final SmtpServerSettings BASE = SmtpServerSettings.defaults("mx.example.com")
      .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(10))
      .withShutdownGrace(Duration.ofSeconds(1));
  /** A data timeout of 300 ms and no minimum rate, for the clients that stop. */
  private static final SmtpServerSettings STALLS =
      BASE.withContentPace(new ContentPace(Duration.ofMillis(300), 0, Duration.ZERO));
  private static X509Bundle certificate;

  private final RecordingSink sink = new RecordingSink();
  private final List<SmtpServer> servers = new ArrayList<>();
  private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

  @BeforeAll
  static void makeCertificate() throws Exception {
    certificate = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
        .setIsCertificateAuthority(true).ecp256().buildSelfSigned();
  }

  @AfterEach
  void stop() {
    pacer.shutdownNow();
    servers.forEach(SmtpServer::close);
  }

  private InetSocketAddress start(SmtpServerSettings settings) throws Exception {
    return start(settings, Optional.empty(), null);
  }

  private InetSocketAddress start(SmtpServerSettings settings, Optional<SslContext> tls, InboundConnections counted)
      throws Exception {
    InboundConnections.Limits limits = new InboundConnections.Limits(100, 100, false);
    SmtpServer server = new SmtpServer(settings, tls, connection -> counted == null
        ? new TestPolicy(1_000_000, 100, false) : TestPolicy.counting(counted, limits), sink);
    servers.add(server);
    return server.start(List.of(new InetSocketAddress(SERVER_ADDRESS, 0))).get(0);
  }

  /** Writes {@code pieces}, one every {@code period}, from the pacer; a write the server refused is dropped. */
  private AtomicInteger paced(Socket socket, List<String> pieces, Duration period) throws IOException {
    OutputStream out = socket.getOutputStream();
    AtomicInteger written = new AtomicInteger();
    for (int i = 0; i < pieces.size(); i++) {
      byte[] piece = pieces.get(i).getBytes(StandardCharsets.ISO_8859_1);
      pacer.schedule(() -> {
        try {
          out.write(piece);
          out.flush();
          written.incrementAndGet();
        } catch (IOException closed) {
          // The server has hung up on the trickle: the rest is never sent.
        }
      }, period.toMillis() * (i + 1), TimeUnit.MILLISECONDS);
    }
    return written;
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Test
  void aClientThatStopsInTheMiddleOfDataGetsTheDataTimeoutAndNothingIsKept() throws Exception {
    InetSocketAddress at = start(STALLS);
    try (Socket socket = Conversation.connectFrom("127.0.0.21", at)) {
      Conversation c = Conversation.greeted(socket);
      assertThat(c.startData()).startsWith("354");
      c.send("Subject: half\r\n\r\nthe first half of the bo");
      long stopped = System.nanoTime();
      // The inactivity timeout is 30 s: the 421 within the socket's 10 s is the data timeout's.
      assertThat(c.reply()).isEqualTo("421 4.4.2 mx.example.com Timeout waiting for data, closing connection");
      assertThat(millisSince(stopped)).isGreaterThanOrEqualTo(250);
      assertThat(c.closedByServer()).isTrue();
    }
    assertThat(sink.received()).isEmpty();
  }

  @Test
  void aBdatChunkThatStallsGetsTheDataTimeoutToo() throws Exception {
    InetSocketAddress at = start(STALLS);
    try (Socket socket = Conversation.connectFrom("127.0.0.22", at)) {
      Conversation c = Conversation.greeted(socket);
      c.send("EHLO client.example\r\nMAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.com>\r\n");
      assertThat(c.replies(3).get(2)).startsWith("250 2.1.5");
      c.send("BDAT 100 LAST\r\nten octets");
      assertThat(c.reply()).isEqualTo("421 4.4.2 mx.example.com Timeout waiting for data, closing connection");
      assertThat(c.closedByServer()).isTrue();
    }
    assertThat(sink.received()).isEmpty();
  }

  @Test
  void aTrickleBelowTheMinimumDataRateIsCutOffWhileAFasterClientIsNot() throws Exception {
    // At least 1,000 octets a second once 300 ms have passed; the data timeout (5 s) never strikes here.
    InetSocketAddress at = start(BASE.withContentPace(new ContentPace(Duration.ofSeconds(5), 1_000,
        Duration.ofMillis(300))));
    try (Socket slow = Conversation.connectFrom("127.0.0.23", at); Socket fast = Conversation.connectFrom("127.0.0.24", at)) {
      Conversation trickle = new Conversation(slow);
      Conversation steady = new Conversation(fast);
      assertThat(trickle.reply()).startsWith("220 ");
      assertThat(steady.reply()).startsWith("220 ");
      assertThat(trickle.startData()).startsWith("354");
      assertThat(steady.startData()).startsWith("354");
      // Slowloris: one octet every 20 ms, 50 a second, with never a pause as long as the data timeout.
      AtomicInteger trickled = paced(slow, Collections.nCopies(250, "x"), Duration.ofMillis(20));
      // 20 lines of 1,000 octets every 25 ms: about 40,000 a second, for longer than the grace.
      List<String> lines = new ArrayList<>(List.of("Subject: steady\r\n\r\n"));
      lines.addAll(Collections.nCopies(20, "y".repeat(998) + "\r\n"));
      lines.add(".\r\n");
      paced(fast, lines, Duration.ofMillis(25));

      assertThat(trickle.reply()).startsWith("421 4.4.2 mx.example.com Error: data rate too low (")
          .endsWith(" octets/s, at least 1000 needed), closing connection");
      assertThat(trickled.get()).as("octets the trickle got in before it was cut off").isLessThan(100);
      assertThat(steady.reply()).startsWith("250 2.0.0");
    }
    assertThat(sink.received()).hasSize(1);
    assertThat(sink.received().get(0).content().size()).isEqualTo(19 + 20_000);
  }

  @Test
  void aCommandTrickledAnOctetAtATimeMeetsTheInactivityDeadline() throws Exception {
    InetSocketAddress at = start(BASE.withTimeouts(Duration.ofSeconds(60), Duration.ofMillis(500), Duration.ofSeconds(10)));
    try (Socket socket = Conversation.connectFrom("127.0.0.25", at)) {
      Conversation c = Conversation.greeted(socket);
      long started = System.nanoTime();
      // Thirty octets of a command that never ends, one every 100 ms: each keeps the line alive, none ends it.
      paced(socket, Collections.nCopies(30, "N"), Duration.ofMillis(100));
      assertThat(c.reply()).isEqualTo("421 4.4.2 mx.example.com Error: timeout exceeded");
      // A deadline per command, not per octet: well before the trickle ends at 3 s.
      assertThat(millisSince(started)).isBetween(400L, 2_500L);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void whileTheSinkTakesLongerThanEveryTimeoutTheClientIsNotTimedOut() throws Exception {
    InetSocketAddress at = start(BASE.withTimeouts(Duration.ofSeconds(60), Duration.ofMillis(300), Duration.ofSeconds(10))
        .withContentPace(new ContentPace(Duration.ofMillis(300), 1_000, Duration.ofMillis(200))));
    sink.answerWith(() -> CompletableFuture.supplyAsync(() -> SmtpReply.of(250, "2.0.0", "Ok: queued at last"),
        CompletableFuture.delayedExecutor(1_000, TimeUnit.MILLISECONDS)));
    try (Socket socket = Conversation.connectFrom("127.0.0.26", at)) {
      Conversation c = Conversation.greeted(socket);
      assertThat(c.startData()).startsWith("354");
      c.send("Subject: slow disk\r\n\r\nbody\r\n.\r\n");
      assertThat(c.reply()).isEqualTo("250 2.0.0 Ok: queued at last");
      c.send("QUIT\r\n");
      assertThat(c.reply()).startsWith("221 ");
    }
  }

  @Test
  void aStalledTlsHandshakeIsClosedAfterTheStartTlsTimeoutAndOthersAreServed() throws Exception {
    SslContext tls = SslContextBuilder.forServer(certificate.getKeyPair().getPrivate(), certificate.getCertificatePath())
        .build();
    InetSocketAddress at = start(BASE.withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMillis(300)),
        Optional.of(tls), null);
    try (Socket socket = Conversation.connectFrom("127.0.0.27", at)) {
      Conversation c = Conversation.greeted(socket);
      c.send("EHLO client.example\r\n");
      assertThat(c.reply()).contains("STARTTLS");
      c.send("STARTTLS\r\n");
      assertThat(c.reply()).startsWith("220 2.0.0");
      long started = System.nanoTime();
      // No ClientHello ever comes (catalogue row 38): the server closes, with no SMTP reply, long before 10 s.
      String after = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(millisSince(started)).isBetween(250L, 5_000L);
      assertThat(after).doesNotContain("421").doesNotContain("250");
    }
    try (Socket socket = Conversation.connectFrom("127.0.0.28", at)) {
      Conversation next = Conversation.greeted(socket);
      assertThat(next.startData()).startsWith("354");
      next.send("Subject: next\r\n\r\nbody\r\n.\r\n");
      assertThat(next.reply()).startsWith("250 2.0.0");
    }
  }

  @Test
  void aClientThatTalksBeforeTheDelayedGreetingIsRefusedAndAPatientOneIsGreeted() throws Exception {
    InetSocketAddress at = start(BASE.withGreetingDelay(Duration.ofMillis(500)));
    try (Socket socket = Conversation.connectFrom("127.0.0.29", at)) {
      Conversation eager = new Conversation(socket);
      eager.send("EHLO eager.example\r\nMAIL FROM:<spam@example.net>\r\n");
      // Catalogue row 34, Postfix's reply; nothing the client said is answered.
      assertThat(eager.reply()).isEqualTo("554 5.5.0 Error: SMTP protocol synchronization");
      assertThat(eager.closedByServer()).isTrue();
    }
    try (Socket socket = Conversation.connectFrom("127.0.0.30", at)) {
      Conversation half = new Conversation(socket);
      half.send("EHLO without an end");
      assertThat(half.reply()).isEqualTo("554 5.5.0 Error: SMTP protocol synchronization");
      assertThat(half.closedByServer()).isTrue();
    }
    long connected = System.nanoTime();
    try (Socket socket = Conversation.connectFrom("127.0.0.31", at)) {
      Conversation patient = new Conversation(socket);
      assertThat(patient.reply()).isEqualTo("220 mx.example.com ESMTP Sluice");
      assertThat(millisSince(connected)).isGreaterThanOrEqualTo(400);
      patient.send("EHLO patient.example\r\n");
      assertThat(patient.reply()).startsWith("250-mx.example.com");
    }
  }

  @Test
  void aClientThatDisconnectsInTheMiddleOfDataLeavesNothingAndItsPlaceIsFreed() throws Exception {
    InboundConnections connections = new InboundConnections(100);
    InetSocketAddress at = start(BASE, Optional.empty(), connections);
    try (Socket socket = Conversation.connectFrom("127.0.0.32", at)) {
      Conversation c = Conversation.greeted(socket);
      assertThat(c.startData()).startsWith("354");
      c.send("Subject: cut\r\n\r\nhalf a bo");
      await().atMost(Duration.ofSeconds(10)).until(() -> connections.open() == 1);
    }
    // Catalogue row 47: no message, no 250, and the connection's place is given back.
    await().atMost(Duration.ofSeconds(10)).until(() -> connections.open() == 0);
    assertThat(sink.received()).isEmpty();
  }

  @Test
  void aClientThatDisconnectsRightAfterTheEndOfDataStillHasItsMessageStored() throws Exception {
    InetSocketAddress at = start(BASE);
    try (Socket socket = Conversation.connectFrom("127.0.0.33", at)) {
      Conversation c = Conversation.greeted(socket);
      assertThat(c.startData()).startsWith("354");
      // Catalogue row 48: the data is complete, so the message is the server's; the client never reads the 250.
      c.send("Subject: gone\r\n\r\nbody\r\n.\r\n");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.received().size() == 1);
    assertThat(sink.received().get(0).text()).isEqualTo("Subject: gone\r\n\r\nbody\r\n");
  }

  @Test
  void aTextLineOverTheLimitIsRefusedWholeAndOneWithinARaisedLimitIsKeptAsSent() throws Exception {
    InetSocketAddress at = start(BASE.withLimits(new LineLimits(512, 12_288, 2_000), 100));
    String within = "w".repeat(1_998);
    try (Socket socket = Conversation.connectFrom("127.0.0.34", at)) {
      Conversation c = Conversation.greeted(socket);
      assertThat(c.startData()).startsWith("354");
      c.send("Subject: wide\r\n\r\n" + within + "\r\n.\r\n");
      assertThat(c.reply()).startsWith("250 2.0.0");
      c.send("MAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n");
      assertThat(c.replies(3).get(2)).startsWith("354");
      c.send("Subject: wider\r\n\r\n" + within + "w\r\n.\r\n");
      assertThat(c.reply()).isEqualTo("500 5.2.3 Error: line too long: a line of the message has 2001 octets with its"
          + " CRLF, at most 2000 are accepted");
    }
    assertThat(sink.received()).hasSize(1);
    assertThat(sink.received().get(0).text()).isEqualTo("Subject: wide\r\n\r\n" + within + "\r\n");
    assertThat(sink.received().get(0).content().hasLongLines()).isTrue();
  }

  @Test
  void smuggledEndsOfDataNeverEndTheMessageAndTheSmuggledCommandsNeverRun() throws Exception {
    InetSocketAddress at = start(BASE);
    // Catalogue row 29 (SMTP smuggling): none of these is <CRLF>.<CRLF>.
    for (String fakeEnd : List.of("\n.\n", "\n.\r\n", "\r.\r\n", "\r\r\n.\r\r\n", "\r\n\0.\r\n")) {
      try (Socket socket = Conversation.connectFrom("127.0.0.35", at)) {
        Conversation c = Conversation.greeted(socket);
        assertThat(c.startData()).startsWith("354");
        c.send("Subject: real\r\n\r\nbody" + fakeEnd + "MAIL FROM:<evil@example.net>\r\nRCPT TO:<victim@example.com>\r\n"
            + "DATA\r\nSubject: forged\r\n\r\nforged\r\n.\r\nQUIT\r\n");
        // One reply for one message, then the QUIT's: had the smuggled MAIL run, a 250 would come between.
        String endOfData = c.reply();
        assertThat(c.reply()).as("after %s", fakeEnd.replace("\r", "CR").replace("\n", "LF")).startsWith("221 ");
        if (fakeEnd.contains("\0")) {
          // No bare CR or LF: the NUL is kept, and everything up to the real end is one message.
          assertThat(endOfData).startsWith("250 2.0.0");
        } else {
          assertThat(endOfData).isEqualTo("550 5.5.2 Error: bare <LF> or <CR> not allowed in message content");
        }
      }
    }
    assertThat(sink.received()).hasSize(1);
    assertThat(sink.received().get(0).text()).startsWith("Subject: real\r\n").contains("MAIL FROM:<evil@example.net>")
        .endsWith("forged\r\n");
    assertThat(sink.received().get(0).envelope().sender()).hasValueSatisfying(m -> assertThat(m.localPart()).isEqualTo("alice"));
  }

  @Test
  void contentSentBeforeThe354EndsTheSessionWithNothingStored() throws Exception {
    InetSocketAddress at = start(BASE);
    try (Socket socket = Conversation.connectFrom("127.0.0.36", at)) {
      Conversation c = Conversation.greeted(socket);
      // Catalogue row 35: DATA and the message in one packet, without CHUNKING.
      c.send("EHLO client.example\r\nMAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.com>\r\n"
          + "DATA\r\nSubject: early\r\n\r\nbody\r\n.\r\n");
      assertThat(c.replies(4)).last().isEqualTo("554 5.5.0 Error: SMTP protocol synchronization");
      assertThat(c.closedByServer()).isTrue();
    }
    assertThat(sink.received()).isEmpty();
  }
}
