package dev.sluice.node.smtp.receive;

import java.util.Optional;

/**
 * The connection scope of a session: what lasts across transactions (the EHLO name, TLS, the
 * authenticated identity, the error and junk counters). STARTTLS replaces it with {@link #afterTls()},
 * which forgets what the client said in clear but keeps the counters (RFC 3207 section 4.2).
 *
 * <p>Not thread-safe: the session that owns it runs on one event loop.
 */
final class ConnectionScope {
  final ConnectionFacts connection;
  final boolean tlsActive;
  final Optional<String> verifiedClient;
  Optional<String> heloName = Optional.empty();
  boolean extended;
  Optional<AuthIdentity> identity = Optional.empty();
  int errors;
  int junkCommands;

  ConnectionScope(ConnectionFacts connection, boolean tlsActive, Optional<String> verifiedClient) {
    this.connection = connection;
    this.tlsActive = tlsActive;
    this.verifiedClient = verifiedClient;
  }

  /** The scope inside TLS; {@code verifiedClient} names the client certificate that verified, if one did. */
  ConnectionScope afterTls(Optional<String> verifiedClient) {
    ConnectionScope next = new ConnectionScope(connection, true, verifiedClient);
    next.errors = errors;
    next.junkCommands = junkCommands;
    return next;
  }

  SessionFacts facts() {
    return new SessionFacts(connection, heloName, tlsActive, identity, verifiedClient);
  }
}
