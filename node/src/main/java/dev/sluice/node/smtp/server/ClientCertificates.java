package dev.sluice.node.smtp.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client certificates on inbound STARTTLS: a client that presents one that verifies against the node's
 * trusted certificates is a partner (mutual TLS, Exchange's Partners group); one that presents another
 * certificate, or none, still gets TLS, as an opportunistic peer (Postfix's "untrusted" TLS), and no partner
 * rights.
 *
 * <p>That is why the trust manager here never fails a handshake: it asks the JDK's PKIX trust manager and
 * writes the outcome on the handshake session, where {@link #verifiedSubject} reads it once the handshake is
 * done. Thread-safe.
 */
public final class ClientCertificates extends X509ExtendedTrustManager {
  private static final Logger LOG = LoggerFactory.getLogger(ClientCertificates.class);
  private static final String VERIFIED = "sluice.verified-client";

  private final X509ExtendedTrustManager pkix;

  private ClientCertificates(X509ExtendedTrustManager pkix) {
    this.pkix = pkix;
  }

  /**
   * A trust manager that verifies client certificates against the certificates of the PEM file {@code pem}
   * (the CAs of the partners, or their own certificates).
   *
   * @throws IOException naming the file when it cannot be read or holds no certificate
   */
  public static ClientCertificates trusting(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certificates =
          java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IOException(pem + " holds no PEM certificate: give the certificates to trust");
      }
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      int n = 0;
      for (Certificate certificate : certificates) {
        anchors.setCertificateEntry("trusted-" + n++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(anchors);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager x509) {
          return new ClientCertificates(x509);
        }
      }
      throw new IllegalStateException("the JDK gave no X.509 trust manager");
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the certificates of " + pem + ": " + e.getMessage(), e);
    }
  }

  /** The subject of the client certificate that verified in {@code engine}'s handshake, if one did. */
  public static Optional<String> verifiedSubject(SSLEngine engine) {
    SSLSession session = engine.getSession();
    return session == null ? Optional.empty() : Optional.ofNullable((String) session.getValue(VERIFIED));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    try {
      pkix.checkClientTrusted(chain, authType, engine);
      SSLSession handshake = engine.getHandshakeSession();
      if (handshake != null) {
        handshake.putValue(VERIFIED, chain[0].getSubjectX500Principal().getName());
      }
    } catch (CertificateException e) {
      LOG.debug("client certificate {} not trusted: {}", chain[0].getSubjectX500Principal(), e.getMessage());
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
    throw new UnsupportedOperationException("Sluice's SMTP server runs on SSLEngines");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {
    throw new UnsupportedOperationException("Sluice's SMTP server runs on SSLEngines");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    pkix.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    pkix.checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    pkix.checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }
}
