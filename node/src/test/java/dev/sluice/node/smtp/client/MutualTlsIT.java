package dev.sluice.node.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.node.smtp.client.SmtpClient.Message;
import dev.sluice.node.smtp.client.SmtpClient.Reply;
import dev.sluice.node.smtp.client.SmtpClient.Tls;
import dev.sluice.node.smtp.receive.RecordingSink;
import dev.sluice.node.smtp.receive.TestPolicy;
import dev.sluice.node.smtp.server.SmtpServer;
import dev.sluice.node.smtp.server.SmtpServerSettings;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Domain-secured mail (DomainSecureEnabled): the client presents the node's certificate to a server that
 * requires one, which verifies it, and checks that the server's certificate names the partner domain.
 */
class MutualTlsIT {
  private static TestPki pki;

  private final RecordingSink sink = new RecordingSink();
  private final MultiThreadIoEventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private SmtpServer server;

  @BeforeAll
  static void certificates() throws Exception {
    pki = new TestPki();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private InetSocketAddress start(Path dir) throws Exception {
    server = new SmtpServer(SmtpServerSettings.defaults("mx.example.com"),
        Optional.of(pki.serverContext(dir, true)), connection -> TestPolicy.standard(), sink);
    return server.start(List.of(new InetSocketAddress("127.0.0.6", 0))).get(0);
  }

  private Reply send(InetSocketAddress at, boolean present, String domain) throws Exception {
    SmtpClient client = new SmtpClient(loops, SmtpClientSettings.defaults("Partner", "hub1.sluice.test")
        .withReplyTimeout(Duration.ofSeconds(10))
        .withTls(new Tls(Optional.of(pki.clientContext(present)), true, false, Optional.of(domain))),
        Optional.empty(), n -> { });
    return client.send(at, new Message("s@sluice.test", List.of("a@example.com"),
        "Subject: partner\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII))).get(30, TimeUnit.SECONDS)
        .get("a@example.com");
  }

  @Test
  void aServerThatRequiresAClientCertificateAcceptsTheNodesAndVerifiesIt(@TempDir Path dir) throws Exception {
    InetSocketAddress at = start(dir);

    Reply reply = send(at, true, "mx.partner.example");

    assertThat(reply.code()).as(reply.text()).isEqualTo(250);
    assertThat(sink.received()).hasSize(1);
    assertThat(sink.received().get(0).envelope().session().verifiedClient())
        .hasValueSatisfying(subject -> assertThat(subject).contains("CN=hub1.sluice.test"));
  }

  @Test
  void withoutTheNodesCertificateTheServerRefusesTlsAndTheMessageIsDeferred(@TempDir Path dir) throws Exception {
    assertDeferredForTls(send(start(dir), false, "mx.partner.example"));
  }

  @Test
  void aServerCertificateThatDoesNotNameThePartnerDomainIsDeferred(@TempDir Path dir) throws Exception {
    assertDeferredForTls(send(start(dir), true, "other.partner.example"));
  }

  private void assertDeferredForTls(Reply reply) {
    assertThat(reply.code()).as(reply.text()).isEqualTo(451);
    assertThat(reply.text()).startsWith("4.7.5");
    assertThat(sink.received()).isEmpty();
  }
}
