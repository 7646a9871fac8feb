package dev.sluice.node.smtp.client;

import dev.sluice.node.smtp.server.ClientCertificates;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Certificates made at test time: a CA, a server certificate for {@code mx.partner.example} and a client
 * certificate for the node {@code hub1.sluice.test}, both issued by it, and the TLS contexts made of them.
 */
final class TestPki {
  final X509Bundle ca;
  final X509Bundle server;
  final X509Bundle node;

  TestPki() throws Exception {
    ca = new CertificateBuilder().subject("CN=Partner Test CA").setIsCertificateAuthority(true).ecp256()
        .buildSelfSigned();
    server = new CertificateBuilder().subject("CN=mx.partner.example").addSanDnsName("mx.partner.example")
        .ecp256().addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
    node = new CertificateBuilder().subject("CN=hub1.sluice.test").addSanDnsName("hub1.sluice.test").ecp256()
        .addExtendedKeyUsageClientAuth().addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
  }

  /**
   * The server's context: client certificates verified against the CA as the node's server does it
   * ({@link ClientCertificates}); with {@code require}, a client that presents none fails the handshake.
   */
  SslContext serverContext(Path dir, boolean require) throws Exception {
    Path pem = Files.writeString(dir.resolve("partner-ca.pem"), ca.getCertificatePEM());
    return SslContextBuilder.forServer(server.getKeyPair().getPrivate(), server.getCertificatePath())
        .clientAuth(require ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL)
        .trustManager(ClientCertificates.trusting(pem)).build();
  }

  /** The client's context: trusts the CA and, with {@code present}, holds the node's own certificate. */
  SslContext clientContext(boolean present) throws Exception {
    SslContextBuilder builder = SslContextBuilder.forClient().trustManager(ca.getCertificate())
        .endpointIdentificationAlgorithm(null);
    if (present) {
      builder.keyManager(node.getKeyPair().getPrivate(), node.getCertificatePath());
    }
    return builder.build();
  }
}
