package dev.sluice.node.smtp.receive;

import dev.sluice.node.smtp.SmtpReply;
import dev.sluice.node.smtp.codec.MessageContent;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one Receive connector allows one client: whether it may talk at all, which senders and recipients
 * it may give, how big a message and how many recipients, whether AUTH is offered and who checks it.
 *
 * <p>The session asks; the policy answers with values, so relay rights, accepted domains, back-pressure
 * and permission groups live behind this seam and the protocol layer knows none of them. One instance per
 * connection (see {@link ReceivePolicyFactory}); the session calls it on the connection's event loop, so
 * an answer must come from memory (a snapshot), never from I/O.
 */
public interface ReceivePolicy {
  /**
   * A refusal to send instead of the greeting, then close: {@code 421 4.7.0} too many connections, {@code 554 5.7.1}.
   * Asked once, when the greeting is due; a policy that counts connections takes the connection's place here.
   */
  default Optional<SmtpReply> refuseConnection(ConnectionFacts connection) {
    return Optional.empty();
  }

  /**
   * The connection has closed: give back whatever {@link #refuseConnection} took. Called once per connection,
   * whether or not the greeting was ever due.
   */
  default void connectionClosed() { }

  /**
   * The reply to MAIL FROM: a 2xx accepts the sender (its text is sent as is), anything else refuses it,
   * such as {@code 452 4.3.1} when the spool is short of space or {@code 530 5.7.0} when AUTH is required.
   *
   * @param sender the reverse path, empty for {@code <>}
   * @param declaredSize the SIZE parameter, already checked against {@link #maxMessageSize()}
   */
  SmtpReply checkSender(SessionFacts session, Optional<Mailbox> sender, OptionalLong declaredSize);

  /**
   * The reply to RCPT TO: a 2xx accepts, or {@code 550 5.7.1} relay denied, {@code 550 5.1.1} unknown
   * user, {@code 452 4.3.1} short of storage... The session has already enforced {@link #maxRecipients()}.
   */
  SmtpReply checkRecipient(SessionFacts session, Optional<Mailbox> sender, Mailbox recipient);

  /**
   * A refusal of a received message before it goes to the sink, such as {@code 554 5.4.0} past the hop
   * count or {@code 552 5.3.4} for a header block too large (see {@link ContentLimits}); empty to store it.
   */
  default Optional<SmtpReply> checkContent(SessionFacts session, MessageContent content) {
    return Optional.empty();
  }

  /** The largest message accepted, in octets: offered as SIZE, enforced at MAIL, in DATA and BDAT. */
  long maxMessageSize();

  /** The most recipients per message (RFC 5321 section 4.5.3.1.8 asks for at least 100). */
  int maxRecipients();

  /**
   * Whether AUTH is offered now: by default only inside TLS, or to a client on this host, so that no
   * password crosses a network in clear (RFC 4954 section 4).
   */
  default boolean offerAuth(SessionFacts session) {
    return session.tlsActive() || session.connection().isLoopback();
  }

  /** Who checks AUTH credentials. */
  Authenticator authenticator();

  /**
   * Whether an identity that proved itself may still not authenticate in this session, and the reply
   * then (such as {@code 538 5.7.11} for a password sent in clear); by default none is refused.
   */
  default Optional<SmtpReply> refuseIdentity(SessionFacts session, AuthIdentity identity) {
    return Optional.empty();
  }

  /** The connector's limit of protocol errors before {@code 421 4.7.0}, when it sets one (else the server's). */
  default java.util.OptionalInt maxProtocolErrors() {
    return java.util.OptionalInt.empty();
  }

  /** The connector's longest connection (Exchange's ConnectionTimeout), when it sets one (else the server's). */
  default Optional<java.time.Duration> connectionTimeout() {
    return Optional.empty();
  }

  /** The connector's longest silence (ConnectionInactivityTimeout), when it sets one (else the server's). */
  default Optional<java.time.Duration> inactivityTimeout() {
    return Optional.empty();
  }
}
