package dev.sluice.node.smtp.client;

import dev.sluice.node.smtp.client.SmtpClient.Login;
import dev.sluice.node.smtp.client.SmtpClient.Reply;
import io.netty.channel.Channel;
import io.netty.handler.codec.smtp.DefaultSmtpRequest;
import io.netty.handler.codec.smtp.SmtpCommand;
import io.netty.handler.codec.smtp.SmtpRequest;
import io.netty.handler.codec.smtp.SmtpRequests;
import io.netty.handler.codec.smtp.SmtpResponse;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The start of a session, up to the point where mail can be sent: the greeting, EHLO (HELO when EHLO is
 * refused or ForceHELO is set), STARTTLS when offered and wanted (RFC 3207) with EHLO again inside, and AUTH
 * PLAIN (RFC 4616) or LOGIN when the connector has credentials (RFC 4954).
 *
 * <p>A greeting other than 220 (a 554 as much as a 421) is {@code 421 4.4.0}: this host takes no mail now, so
 * the next one is tried and the message waits rather than bounce (RFC 5321 section 3.1; Postfix's default
 * smtp_skip_5xx_greeting); QUIT follows, and no envelope. What the server sends behind its 220 to STARTTLS is
 * discarded before the handshake. RequireTLS defers with {@code 451 4.7.10} rather than go on in clear; a failed handshake or a
 * certificate without the expected name defers with {@code 451 4.7.5}; a refused login with
 * {@code 454 4.7.0}. When {@link SmtpClient.Tls#context()} carries a key manager, the node's certificate is
 * presented to a server that asks for one (mutual TLS, DomainSecureEnabled).
 * Runs on its connection's event loop; not thread-safe.
 */
final class SessionSetup {
  /** Where the setup ends. */
  interface Outcome {
    /** Mail can be sent, to a server with these capabilities. */
    void ready(Capabilities capabilities);

    /** The session cannot be used: {@code why} decides its messages; {@code quit}: say QUIT, else close. */
    void refused(Reply why, boolean quit);
  }

  private enum Step { GREETING, EHLO, HELO, STARTTLS, HANDSHAKE, AUTH, AUTH_USER, AUTH_PASSWORD, DONE }

  private static final SmtpRequest STARTTLS = new DefaultSmtpRequest(SmtpCommand.valueOf("STARTTLS"));

  private final SmtpClientSettings settings;
  private final InetSocketAddress server;
  private final Channel channel;
  private final Link link;
  private final Outcome outcome;
  private Capabilities capabilities = Capabilities.NONE;
  private Step step = Step.GREETING;
  private boolean inTls;

  SessionSetup(SmtpClientSettings settings, InetSocketAddress server, Channel channel, Link link, Outcome outcome) {
    this.settings = settings;
    this.server = server;
    this.channel = channel;
    this.link = link;
    this.outcome = outcome;
  }

  boolean inTls() {
    return inTls;
  }

  void onReply(SmtpResponse response, Reply reply) {
    switch (step) {
      case GREETING -> {
        if (reply.code() != 220) {
          // A server that greets with anything but 220 takes no mail now, whatever the code: another host
          // may (Postfix's smtp_skip_5xx_greeting); the envelope is never sent here.
          refuse(reply.code() == 421 ? reply : new Reply(421, "4.4.0 " + server + " greeted with " + reply.code()
              + " " + reply.text()), true);
        } else if (settings.forceHelo()) {
          send(Step.HELO, SmtpRequests.helo(settings.heloName()));
        } else {
          send(Step.EHLO, SmtpRequests.ehlo(settings.heloName()));
        }
      }
      case EHLO -> {
        if (reply.isSuccess()) {
          capabilities = Capabilities.of(response);
          tlsOrAuth();
        } else if (reply.code() == 421) {
          refuse(reply, false);
        } else {
          send(Step.HELO, SmtpRequests.helo(settings.heloName()));
        }
      }
      case HELO -> {
        if (reply.isSuccess()) {
          tlsOrAuth();
        } else {
          refuse(reply, true);
        }
      }
      case STARTTLS -> {
        if (reply.code() == 220) {
          startTls();
        } else {
          notInTls("STARTTLS was refused: " + reply.code() + " " + reply.text());
        }
      }
      case AUTH, AUTH_PASSWORD -> {
        Login login = settings.login().orElseThrow();
        if (reply.code() == 334 && step == Step.AUTH) {
          step = Step.AUTH_USER;
          link.sendSecret(SmtpRequests.empty(base64(login.username())), "****");
        } else if (reply.code() == 235) {
          ready();
        } else {
          // A refused login is the connector's configuration to fix, not the message's fault: defer.
          refuse(new Reply(454, "4.7.0 authentication as " + login.username() + " failed: " + reply.code() + " "
              + reply.text()), true);
        }
      }
      case AUTH_USER -> {
        if (reply.code() == 334) {
          step = Step.AUTH_PASSWORD;
          link.sendSecret(SmtpRequests.empty(base64(settings.login().orElseThrow().password())), "****");
        } else {
          refuse(new Reply(454, "4.7.0 AUTH LOGIN failed: " + reply.code() + " " + reply.text()), true);
        }
      }
      case HANDSHAKE, DONE -> refuse(new Reply(421, "4.4.2 the server said " + reply.code() + " " + reply.text()
          + " when nothing was asked"), false);
    }
  }

  /** STARTTLS when offered and wanted; with RequireTLS, no mail in clear. */
  private void tlsOrAuth() {
    SmtpClient.Tls tls = settings.tls();
    if (!inTls && tls.context().isPresent() && !tls.ignoreStartTls() && capabilities.startTls()) {
      send(Step.STARTTLS, STARTTLS);
    } else if (!inTls && tls.require()) {
      notInTls("the server offers no STARTTLS");
    } else {
      authOrReady();
    }
  }

  /** RequireTLS: defer every recipient; otherwise go on in clear (opportunistic TLS). */
  private void notInTls(String why) {
    if (settings.tls().require()) {
      refuse(new Reply(451, "4.7.10 TLS is required for this connector and " + why), true);
    } else {
      authOrReady();
    }
  }

  private void authOrReady() {
    if (settings.login().isEmpty()) {
      ready();
      return;
    }
    Login login = settings.login().get();
    if (capabilities.authMechanisms().contains("PLAIN")) {
      step = Step.AUTH;
      link.sendSecret(SmtpRequests.auth("PLAIN", base64("\0" + login.username() + "\0" + login.password())),
          "AUTH PLAIN ****");
    } else if (capabilities.authMechanisms().contains("LOGIN")) {
      send(Step.AUTH, SmtpRequests.auth("LOGIN"));
    } else {
      refuse(new Reply(454, "4.7.0 the server offers neither AUTH PLAIN nor LOGIN, and this connector "
          + "authenticates"), true);
    }
  }

  private void startTls() {
    step = Step.HANDSHAKE;
    SmtpClient.Tls tls = settings.tls();
    String peer = tls.verifyName().orElse(server.getHostString());
    SSLEngine engine = tls.context().orElseThrow().newEngine(channel.alloc(), peer, server.getPort());
    SSLParameters parameters = engine.getSSLParameters();
    // With a name to verify, the certificate must hold it (RFC 6125, as HTTPS checks it); without one, the
    // peer is reached by an MX or an address and no name in its certificate can be expected.
    parameters.setEndpointIdentificationAlgorithm(tls.verifyName().isPresent() ? "HTTPS" : null);
    engine.setSSLParameters(parameters);
    // Whatever came behind the 220 came in clear: none of it may pass for what the server says inside TLS.
    int injected = channel.pipeline().get(ReplyDecoder.class).discardBuffered();
    if (injected > 0) {
      link.information("", "discarded " + injected + " octets the server sent after its 220 to STARTTLS");
    }
    SslHandler handler = new SslHandler(engine);
    handler.setHandshakeTimeout(settings.replyTimeout().toMillis(), TimeUnit.MILLISECONDS);
    channel.pipeline().addFirst("tls", handler);
    handler.handshakeFuture().addListener(f -> {
      if (step != Step.HANDSHAKE) {
        return;
      }
      if (f.isSuccess()) {
        inTls = true;
        describe(engine.getSession());
        capabilities = Capabilities.NONE;
        // RFC 3207 section 4.2: everything said before TLS is forgotten; EHLO again.
        send(Step.EHLO, SmtpRequests.ehlo(settings.heloName()));
      } else {
        refuse(new Reply(451, "4.7.5 the TLS handshake with " + peer + " failed: " + f.cause().getMessage()), false);
      }
    });
  }

  /** The TLS parameters and both certificates, for the protocol log. */
  private void describe(SSLSession session) {
    link.information(session.getProtocol() + " " + session.getCipherSuite(), "TLS negotiated");
    try {
      Certificate[] peer = session.getPeerCertificates();
      if (peer.length > 0 && peer[0] instanceof X509Certificate x509) {
        link.information(x509.getSubjectX500Principal().getName(), "Remote certificate subject");
        link.information(dnsNames(x509), "Remote certificate DNS names");
      }
    } catch (SSLPeerUnverifiedException e) {
      link.information("", "the server presented no certificate");
    }
    Certificate[] local = session.getLocalCertificates();
    if (local != null && local.length > 0 && local[0] instanceof X509Certificate x509) {
      link.information(x509.getSubjectX500Principal().getName(), "Local certificate subject (presented)");
    }
  }

  private static String dnsNames(X509Certificate certificate) {
    try {
      var names = certificate.getSubjectAlternativeNames();
      if (names == null) {
        return "";
      }
      // Type 2 is dNSName (RFC 5280 section 4.2.1.6).
      return names.stream().filter(n -> Integer.valueOf(2).equals(n.get(0))).map(n -> String.valueOf(n.get(1)))
          .collect(java.util.stream.Collectors.joining(";"));
    } catch (java.security.cert.CertificateParsingException e) {
      return "unreadable: " + e.getMessage();
    }
  }

  private void ready() {
    step = Step.DONE;
    outcome.ready(capabilities);
  }

  private void refuse(Reply why, boolean quit) {
    step = Step.DONE;
    outcome.refused(why, quit);
  }

  private void send(Step next, SmtpRequest request) {
    step = next;
    link.send(request);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
