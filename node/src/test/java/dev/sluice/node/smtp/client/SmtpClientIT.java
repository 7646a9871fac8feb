package dev.sluice.node.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.node.smtp.receive.RecordingSink;
import dev.sluice.node.smtp.receive.ReceivePolicy;
import dev.sluice.node.smtp.receive.TestPolicy;
import dev.sluice.node.smtp.server.SmtpServer;
import dev.sluice.node.smtp.server.SmtpServerSettings;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SMTP client against a real SMTP server on loopback (the node's own receiving server on 127.0.0.6,
 * with a recording sink): BDAT when CHUNKING is offered, DATA after HELO, each recipient's own reply, SIZE
 * honoured before anything is sent, and a server that is not there.
 */
class SmtpClientIT {
  private final RecordingSink sink = new RecordingSink();
  private final MultiThreadIoEventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private SmtpServer server;

  private InetSocketAddress start(ReceivePolicy policy) throws Exception {
    return start(policy, Optional.empty());
  }

  private InetSocketAddress start(ReceivePolicy policy, Optional<SslContext> tls) throws Exception {
    server = new SmtpServer(SmtpServerSettings.defaults("mx.example.com"), tls, connection -> policy, sink);
    return server.start(List.of(new InetSocketAddress("127.0.0.6", 0))).get(0);
  }

  private static X509Bundle ca;
  private static SslContext serverTls;
  private static SslContext clientTls;

  @BeforeAll
  static void makeCertificates() throws Exception {
    ca = new CertificateBuilder().subject("CN=Client Test CA").setIsCertificateAuthority(true).ecp256().buildSelfSigned();
    X509Bundle mx = new CertificateBuilder().subject("CN=mx.test.example").addSanDnsName("mx.test.example").ecp256()
        .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
    serverTls = SslContextBuilder.forServer(mx.getKeyPair().getPrivate(), mx.getCertificatePath()).build();
    // Netty's client contexts check the host name by default; the client asks for it per connection.
    clientTls = SslContextBuilder.forClient().trustManager(ca.getCertificate()).endpointIdentificationAlgorithm(null)
        .build();
  }

  private static final List<String> ONE = List.of("a@example.com");

  @Test
  void starttlsIsUsedWhenOfferedAndTheNameIsCheckedWhenAsked() throws Exception {
    InetSocketAddress at = start(TestPolicy.standard(), Optional.of(serverTls));
    SmtpClient opportunistic = new SmtpClient(loops, "hub1.sluice.test", false, Duration.ofSeconds(10),
        new SmtpClient.Tls(Optional.of(clientTls), false, false, Optional.empty()));
    SmtpClient checking = new SmtpClient(loops, "hub1.sluice.test", false, Duration.ofSeconds(10),
        new SmtpClient.Tls(Optional.of(clientTls), true, false, Optional.of("mx.test.example")));
    SmtpClient wrongName = new SmtpClient(loops, "hub1.sluice.test", false, Duration.ofSeconds(10),
        new SmtpClient.Tls(Optional.of(clientTls), true, false, Optional.of("smarthost.other.example")));

    SmtpClient.Reply plain = opportunistic.send(at, new SmtpClient.Message("s@sluice.test", ONE, ascii(CONTENT)))
        .get(30, TimeUnit.SECONDS).get("a@example.com");
    assertThat(plain.code()).as(plain.text()).isEqualTo(250);
    assertThat(checking.send(at, new SmtpClient.Message("s@sluice.test", ONE, ascii(CONTENT)))
        .get(30, TimeUnit.SECONDS).get("a@example.com").code()).isEqualTo(250);
    SmtpClient.Reply refused = wrongName.send(at, new SmtpClient.Message("s@sluice.test", ONE, ascii(CONTENT)))
        .get(30, TimeUnit.SECONDS).get("a@example.com");

    assertThat(refused.code()).isEqualTo(451);
    assertThat(refused.text()).startsWith("4.7.5");
    assertThat(sink.received()).hasSize(2).allSatisfy(r -> assertThat(r.envelope().session().tlsActive()).isTrue());
  }

  @Test
  void withItsCredentialsTheClientAuthenticatesAndMayRelayAndAWrongPasswordDefers() throws Exception {
    InetSocketAddress at = start(TestPolicy.standard(), Optional.of(serverTls));
    SmtpClient.Tls inTls = new SmtpClient.Tls(Optional.of(clientTls), true, false, Optional.of("mx.test.example"));
    SmtpClient alice = new SmtpClient(loops, "hub1.sluice.test", false, Duration.ofSeconds(10), inTls,
        Optional.of(new SmtpClient.Login("alice", "secret")));
    SmtpClient guessing = new SmtpClient(loops, "hub1.sluice.test", false, Duration.ofSeconds(10), inTls,
        Optional.of(new SmtpClient.Login("alice", "guess")));
    SmtpClient anonymous = new SmtpClient(loops, "hub1.sluice.test", false, Duration.ofSeconds(10), inTls);
    List<String> elsewhere = List.of("someone@elsewhere.example.org");

    assertThat(alice.send(at, new SmtpClient.Message("s@sluice.test", elsewhere, ascii(CONTENT)))
        .get(30, TimeUnit.SECONDS).get(elsewhere.get(0)).code()).isEqualTo(250);
    SmtpClient.Reply refused = guessing.send(at, new SmtpClient.Message("s@sluice.test", elsewhere, ascii(CONTENT)))
        .get(30, TimeUnit.SECONDS).get(elsewhere.get(0));
    assertThat(refused.code()).isEqualTo(454);
    assertThat(refused.text()).contains("alice").doesNotContain("guess");
    assertThat(anonymous.send(at, new SmtpClient.Message("s@sluice.test", elsewhere, ascii(CONTENT)))
        .get(30, TimeUnit.SECONDS).get(elsewhere.get(0)).code()).isEqualTo(550);
    assertThat(sink.received()).hasSize(1);
    assertThat(sink.received().get(0).envelope().session().identity()).isPresent();
  }

  @Test
  void requireTlsDefersRatherThanSendInClear() throws Exception {
    InetSocketAddress at = start(TestPolicy.standard());
    SmtpClient client = new SmtpClient(loops, "hub1.sluice.test", false, Duration.ofSeconds(10),
        new SmtpClient.Tls(Optional.of(clientTls), true, false, Optional.empty()));

    SmtpClient.Reply deferred = client.send(at, new SmtpClient.Message("s@sluice.test", ONE, ascii(CONTENT)))
        .get(30, TimeUnit.SECONDS).get("a@example.com");

    assertThat(deferred.code()).isEqualTo(451);
    assertThat(deferred.text()).startsWith("4.7.10");
    assertThat(sink.received()).isEmpty();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static final String CONTENT = "Subject: hello\r\n\r\n.a line that starts with a dot\r\nlast line without end";

  @Test
  void eachRecipientGetsTheReplyThatDecidedItAndTheMessageArrivesWhole() throws Exception {
    InetSocketAddress at = start(TestPolicy.standard());
    SmtpClient client = new SmtpClient(loops, "hub1.sluice.test", false, Duration.ofSeconds(10));

    Map<String, SmtpClient.Reply> replies = client.send(at, new SmtpClient.Message("sender@sluice.test",
        List.of("a@example.com", "unknown@example.com", "full@example.com", "b@example.com"), ascii(CONTENT)))
        .get(30, TimeUnit.SECONDS);

    assertThat(replies.get("a@example.com").code()).isEqualTo(250);
    assertThat(replies.get("b@example.com").code()).isEqualTo(250);
    assertThat(replies.get("unknown@example.com").code()).isEqualTo(550);
    assertThat(replies.get("full@example.com").code()).isEqualTo(452);
    assertThat(sink.received()).hasSize(1);
    RecordingSink.Received got = sink.received().get(0);
    assertThat(got.envelope().chunked()).as("CHUNKING offered: BDAT").isTrue();
    assertThat(got.envelope().recipients()).extracting(Object::toString).containsExactly("a@example.com", "b@example.com");
    assertThat(got.text()).isEqualTo(CONTENT);
  }

  @Test
  void afterHeloTheMessageGoesByDataDotStuffedAndEndedWithCrlf() throws Exception {
    InetSocketAddress at = start(TestPolicy.standard());
    SmtpClient client = new SmtpClient(loops, "hub1.sluice.test", true, Duration.ofSeconds(10));

    Map<String, SmtpClient.Reply> replies = client.send(at,
        new SmtpClient.Message("", List.of("a@example.com"), ascii(CONTENT))).get(30, TimeUnit.SECONDS);

    assertThat(replies.get("a@example.com").code()).isEqualTo(250);
    RecordingSink.Received got = sink.received().get(0);
    assertThat(got.envelope().chunked()).isFalse();
    assertThat(got.envelope().sender()).isEmpty();
    assertThat(got.text()).isEqualTo(CONTENT + "\r\n");
  }

  @Test
  void aMessageOverTheServersSizeIsNotSentAtAll() throws Exception {
    InetSocketAddress at = start(new TestPolicy(1000, 100, false));
    SmtpClient client = new SmtpClient(loops, "hub1.sluice.test", false, Duration.ofSeconds(10));

    Map<String, SmtpClient.Reply> replies = client.send(at,
        new SmtpClient.Message("s@sluice.test", List.of("a@example.com"), new byte[2000])).get(30, TimeUnit.SECONDS);

    assertThat(replies.get("a@example.com").code()).isEqualTo(552);
    assertThat(replies.get("a@example.com").isPermanent()).isTrue();
    assertThat(sink.received()).isEmpty();
  }

  @Test
  void aServerThatIsNotThereIsATransientFailureForEveryRecipient() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.6"))) {
      port = free.getLocalPort();
    }
    SmtpClient client = new SmtpClient(loops, "hub1.sluice.test", false, Duration.ofSeconds(5));

    Map<String, SmtpClient.Reply> replies = client.send(new InetSocketAddress("127.0.0.6", port),
        new SmtpClient.Message("s@sluice.test", List.of("a@example.com", "b@example.com"), ascii("x"))).get(30, TimeUnit.SECONDS);

    assertThat(replies.values()).allSatisfy(r -> assertThat(r.code()).isEqualTo(421));
  }
}
