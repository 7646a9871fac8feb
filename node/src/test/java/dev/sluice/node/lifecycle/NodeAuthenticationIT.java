package dev.sluice.node.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.SmtpUser;
import dev.sluice.directory.secrets.PasswordHasher;
import dev.sluice.node.config.NodeConfig;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveConnector.PermissionGroup;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may relay through a node, over the wire with Python's smtplib: an anonymous client on loopback may not;
 * another node (its server name and node secret, the ExchangeServer mechanism) may, in clear on loopback; an
 * SMTP user may inside TLS only; and a client whose certificate verifies is a partner (mutual TLS).
 */
class NodeAuthenticationIT {
  private static final String NODE_ADDRESS = "127.0.0.4";
  private static final String CLIENT_ADDRESS = "127.0.0.5";

  @TempDir static Path pki;
  private static X509Bundle ca;
  private static Path caPem;
  private static Path serverCert;
  private static Path serverKey;

  @TempDir Path data;

  @BeforeAll
  static void makeCertificates() throws Exception {
    ca = new CertificateBuilder().subject("CN=Sluice Test CA").setIsCertificateAuthority(true).ecp256()
        .buildSelfSigned();
    X509Bundle server = new CertificateBuilder().subject("CN=node.test").addSanDnsName("node.test").ecp256()
        .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
    caPem = write("ca.pem", ca.getCertificatePEM());
    serverCert = write("node.pem", server.getCertificatePathPEM());
    serverKey = write("node.key", server.getPrivateKeyPEM());
  }

  private static Path write(String name, String text) throws Exception {
    return Files.writeString(pki.resolve(name), text, StandardCharsets.US_ASCII);
  }

  /** The embedded default on its own loopback address, with a certificate and the test CA trusted for partners. */
  private TransportNode start() throws Exception {
    NodeConfig config = LoopbackNode.config(data, NODE_ADDRESS,
        new NodeConfig.Smtp.Tls(Optional.of(serverCert), Optional.of(serverKey), Optional.of(caPem)));
    TransportNode node = TransportNode.start(config, true, data.resolve("drop"), Clock.systemUTC(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    await().atMost(Duration.ofSeconds(30)).until(() -> node.directory().snapshot()
        .filter(s -> !s.config().acceptedDomains().isEmpty() && !s.config().receiveConnectors().isEmpty()).isPresent());
    return node;
  }

  /** Sends from the client's address to {@code node}; returns what send_tls.py printed. */
  private static String send(TransportNode node, String recipient, String... options) throws Exception {
    return LoopbackNode.send(node.smtpAddress(), CLIENT_ADDRESS, "sender@client.test", recipient, options);
  }

  @Test
  void aNodeRelaysWithItsNodeSecretAnSmtpUserOnlyInsideTlsAndAnAnonymousClientNot() throws Exception {
    try (TransportNode node = start()) {
      String secret = node.directory().nodeSecrets().read(NodeConfig.EMBEDDED_SERVER_NAME).orElseThrow();
      node.directory().directory().create(ObjectKind.SMTP_USER,
          new SmtpUser("relay-user", new PasswordHasher().hash("s3cret pass".toCharArray())));
      await().atMost(Duration.ofSeconds(30)).until(() -> node.directory().snapshot()
          .flatMap(s -> s.user("relay-user")).isPresent());

      assertThat(send(node, "someone@example.org")).startsWith("refused 550").contains("5.7.1");
      assertThat(send(node, "someone@example.org", "--user", "SLUICE", "--password", secret)).startsWith("sent 250");
      assertThat(send(node, "someone@example.org", "--user", "SLUICE", "--password", secret + "x"))
          .startsWith("refused 535");
      assertThat(send(node, "someone@example.org", "--user", "relay-user", "--password", "s3cret pass"))
          .startsWith("refused 538").contains("5.7.11");
      assertThat(send(node, "someone@example.org", "--cafile", caPem.toString(),
          "--user", "relay-user", "--password", "s3cret pass")).startsWith("sent 250");
      assertThat(send(node, "someone@example.org", "--cafile", caPem.toString(),
          "--user", "relay-user", "--password", "guessed")).startsWith("refused 535");
      assertThat(send(node, "someone@example.org", "--cafile", caPem.toString(),
          "--user", "SLUICE", "--password", secret)).startsWith("sent 250");

      List<Optional<String>> who = node.spool().ids().stream()
          .map(id -> node.spool().read(id).orElseThrow().envelope().authenticatedAs()).toList();
      assertThat(who).containsExactlyInAnyOrder(Optional.of("SLUICE"), Optional.of("relay-user"), Optional.of("SLUICE"));
      assertThat(node.spool().ids()).allSatisfy(id -> assertThat(node.spool().read(id).orElseThrow().envelope()
          .recipients()).extracting(r -> r.address()).containsExactly("someone@example.org"));
    }
  }

  @Test
  void aClientWhoseCertificateVerifiesIsAPartnerAndAnyOtherGetsTlsWithoutPartnerRights() throws Exception {
    X509Bundle partner = new CertificateBuilder().subject("CN=mail.partner.test").ecp256()
        .addExtendedKeyUsageClientAuth().buildIssuedBy(ca);
    X509Bundle otherCa = new CertificateBuilder().subject("CN=Some Other CA").setIsCertificateAuthority(true).ecp256()
        .buildSelfSigned();
    X509Bundle stranger = new CertificateBuilder().subject("CN=mail.stranger.test").ecp256()
        .addExtendedKeyUsageClientAuth().buildIssuedBy(otherCa);
    Path partnerCert = write("partner.pem", partner.getCertificatePathPEM());
    Path partnerKey = write("partner.key", partner.getPrivateKeyPEM());
    Path strangerCert = write("stranger.pem", stranger.getCertificatePathPEM());
    Path strangerKey = write("stranger.key", stranger.getPrivateKeyPEM());
    try (TransportNode node = start()) {
      // Partners only: an anonymous client may no longer submit through the default connector.
      String id = NodeConfig.EMBEDDED_SERVER_NAME + "\\Default " + NodeConfig.EMBEDDED_SERVER_NAME;
      node.directory().directory().update(ObjectKind.RECEIVE_CONNECTOR, id, c -> new ReceiveConnector(c.server(),
          c.name(), c.bindings(), c.remoteIpRanges(), c.authMechanisms(),
          Set.of(PermissionGroup.PARTNERS, PermissionGroup.EXCHANGE_SERVERS), c.fqdn(), c.enabled(), c.limits()));
      await().atMost(Duration.ofSeconds(30)).until(() -> node.directory().snapshot()
          .filter(s -> !s.config().receiveConnectors().get(0).permissionGroups().contains(PermissionGroup.ANONYMOUS_USERS))
          .isPresent());

      assertThat(send(node, "someone@sluice.test", "--cafile", caPem.toString())).startsWith("refused 530");
      assertThat(send(node, "someone@sluice.test", "--cafile", caPem.toString(),
          "--cert", strangerCert.toString(), "--key", strangerKey.toString())).startsWith("refused 530");
      assertThat(send(node, "someone@sluice.test", "--cafile", caPem.toString(),
          "--cert", partnerCert.toString(), "--key", partnerKey.toString())).startsWith("sent 250");
      // A partner has no relay right: only the organization's accepted domains.
      assertThat(send(node, "someone@example.org", "--cafile", caPem.toString(),
          "--cert", partnerCert.toString(), "--key", partnerKey.toString())).startsWith("refused 550");
      // The one message it took goes to the seeded domain's drop directory.
      await().atMost(Duration.ofSeconds(30)).until(() -> LoopbackNode.emlFiles(data.resolve("drop")).size() == 1);
    }
  }
}
