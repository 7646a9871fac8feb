package dev.sluice.node.smtp.receive;

import dev.sluice.node.smtp.SmtpReply;
import dev.sluice.node.smtp.codec.MessageContent;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * A policy for tests: {@code example.com} is the accepted domain ({@code unknown@} is no user, {@code full@}
 * meets a full spool), other domains need AUTH; the user alice/secret may authenticate.
 */
public final class TestPolicy implements ReceivePolicy {
  private static final ContentLimits CONTENT_LIMITS =
      new ContentLimits(8_000, 30, 8, java.util.Set.of("mx.example.com", "Hub.Example.com"));

  private final long maxMessageSize;
  private final int maxRecipients;
  private final boolean authAnywhere;
  private final Optional<InboundConnections.Place> place;
  private final InboundConnections.Limits connectionLimits;

  public TestPolicy(long maxMessageSize, int maxRecipients, boolean authAnywhere) {
    this(maxMessageSize, maxRecipients, authAnywhere, Optional.empty(), null);
  }

  private TestPolicy(long maxMessageSize, int maxRecipients, boolean authAnywhere,
      Optional<InboundConnections> connections, InboundConnections.Limits connectionLimits) {
    this.maxMessageSize = maxMessageSize;
    this.maxRecipients = maxRecipients;
    this.authAnywhere = authAnywhere;
    this.place = connections.map(InboundConnections::newPlace);
    this.connectionLimits = connectionLimits;
  }

  /** The standard policy of one Receive connector ("Test") that counts its connections in {@code connections}. */
  public static TestPolicy counting(InboundConnections connections, InboundConnections.Limits limits) {
    return new TestPolicy(10_000, 100, false, Optional.of(connections), limits);
  }

  @Override
  public Optional<SmtpReply> refuseConnection(ConnectionFacts connection) {
    return place.flatMap(p -> p.take("Test", connection.remote().getAddress(), connectionLimits));
  }

  @Override
  public void connectionClosed() {
    place.ifPresent(InboundConnections.Place::release);
  }

  public static TestPolicy standard() {
    return new TestPolicy(10_000, 100, false);
  }

  @Override
  public SmtpReply checkSender(SessionFacts session, Optional<Mailbox> sender, OptionalLong declaredSize) {
    return sender.map(Mailbox::localPart).filter("blocked"::equals).isPresent()
        ? SmtpReply.of(550, "5.7.1", "Sender refused") : SmtpReply.SENDER_OK;
  }

  @Override
  public SmtpReply checkRecipient(SessionFacts session, Optional<Mailbox> sender, Mailbox recipient) {
    if (!recipient.domain().equals("example.com") && !recipient.domain().isEmpty()) {
      return session.identity().isPresent() ? SmtpReply.RECIPIENT_OK : SmtpReply.RELAY_DENIED;
    }
    return switch (recipient.localPart()) {
      case "unknown" -> SmtpReply.UNKNOWN_RECIPIENT;
      case "full" -> SmtpReply.INSUFFICIENT_STORAGE;
      default -> SmtpReply.RECIPIENT_OK;
    };
  }

  /** Exchange's hop limits (30, 8 by {@code mx.example.com} or {@code hub.example.com}), headers up to 8,000 octets. */
  @Override
  public Optional<SmtpReply> checkContent(SessionFacts session, MessageContent content) {
    return CONTENT_LIMITS.check(content);
  }

  @Override
  public long maxMessageSize() {
    return maxMessageSize;
  }

  @Override
  public int maxRecipients() {
    return maxRecipients;
  }

  @Override
  public boolean offerAuth(SessionFacts session) {
    return authAnywhere || ReceivePolicy.super.offerAuth(session);
  }

  @Override
  public Authenticator authenticator() {
    return credentials -> CompletableFuture.completedFuture(
        credentials.username().equals("alice") && credentials.password().equals("secret")
            ? Optional.of(new AuthIdentity("alice")) : Optional.empty());
  }
}
