package dev.sluice.node.lifecycle;

import dev.sluice.node.metrics.NodeMetrics;
import dev.sluice.node.smtp.SmtpReply;
import dev.sluice.node.smtp.codec.MessageContent;
import dev.sluice.node.smtp.receive.BodyType;
import dev.sluice.node.smtp.receive.Envelope;
import dev.sluice.node.smtp.receive.Mailbox;
import dev.sluice.node.smtp.receive.MessageSink;
import dev.sluice.node.spool.MailParameters;
import dev.sluice.node.spool.Recipient;
import dev.sluice.node.spool.Spool;
import dev.sluice.node.spool.SpoolState;
import dev.sluice.node.spool.SpoolUnavailableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the SMTP server puts what it received: a {@code Received} header naming this node and the
 * message's internal id is prepended, envelope and content go to the spool, and the {@code 250} is the
 * spool's durable store completing (never before its sync); a message tracking line (event RECEIVE) goes
 * to the {@link TrackingLog} for each.
 *
 * <p>Thread-safe. A store the spool refuses answers {@code 452 4.3.1} (short of space) or
 * {@code 451 4.3.0} (a write failed): never a 5xx for a local problem.
 */
public final class SpoolSink implements MessageSink {
  private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT);

  private final Spool spool;
  private final String server;
  private final String fqdn;
  /** The name of the Receive connector that served a connection (chosen as the policy chose it). */
  private final java.util.function.Function<dev.sluice.node.smtp.receive.ConnectionFacts, String> receiveConnector;
  private final Clock clock;
  private final NodeMetrics metrics;
  private final TrackingLog tracking;
  /** Told of each message once it is stored: delivery takes it from there. */
  private final java.util.function.Consumer<dev.sluice.node.spool.SpoolId> stored;
  private final AtomicLong sequence = new AtomicLong();

  public SpoolSink(Spool spool, String server, String fqdn,
      java.util.function.Function<dev.sluice.node.smtp.receive.ConnectionFacts, String> receiveConnector, Clock clock,
      NodeMetrics metrics, TrackingLog tracking, java.util.function.Consumer<dev.sluice.node.spool.SpoolId> stored) {
    this.spool = spool;
    this.stored = stored;
    this.tracking = tracking;
    this.server = server;
    this.fqdn = fqdn;
    this.receiveConnector = receiveConnector;
    this.clock = clock;
    this.metrics = metrics;
  }

  @Override
  public CompletableFuture<SmtpReply> receive(Envelope envelope, MessageContent content) {
    Instant now = clock.instant();
    String messageId = Long.toHexString(now.toEpochMilli()) + "." + sequence.incrementAndGet() + "@" + fqdn;
    byte[] received = receivedHeader(envelope, messageId, now).getBytes(StandardCharsets.US_ASCII);
    byte[] body = content.toByteArray();
    ByteBuffer message = ByteBuffer.allocate(received.length + body.length).put(received).put(body).flip();
    dev.sluice.node.spool.Envelope spooled = new dev.sluice.node.spool.Envelope(
        messageId,
        envelope.sender().map(Mailbox::toString).orElse(""),
        envelope.recipients().stream().map(r -> Recipient.of(r.toString())).toList(),
        now,
        envelope.session().connection().remote().getAddress().getHostAddress(),
        envelope.session().heloName().orElse(""),
        envelope.session().identity().map(i -> i.name()),
        server,
        receiveConnector.apply(envelope.session().connection()),
        new MailParameters(Optional.of(envelope.body() == BodyType.EIGHT_BIT_MIME
            ? MailParameters.Body.EIGHT_BIT_MIME : MailParameters.Body.SEVEN_BIT), false, Optional.empty(),
            Optional.empty()));
    return spool.store(spooled, message).handle((id, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        boolean lowSpace = cause instanceof SpoolUnavailableException u
            && u.state().condition() == SpoolState.Condition.LOW_SPACE;
        return lowSpace ? SmtpReply.INSUFFICIENT_STORAGE : SmtpReply.LOCAL_ERROR;
      }
      metrics.messageReceived();
      tracking.receive(messageId, id.toString(), server, spooled.receiveConnector(), spooled.clientAddress(),
          spooled.sender(), spooled.recipients().stream().map(Recipient::address).toList(), message.limit());
      stored.accept(id);
      return SmtpReply.of(250, "2.0.0", "Ok: queued as " + id);
    });
  }

  /** RFC 5321 4.4: from the client, by this node, with the protocol, the internal id, the date. */
  private String receivedHeader(Envelope envelope, String messageId, Instant now) {
    var session = envelope.session();
    String protocol = "ESMTP" + (session.tlsActive() ? "S" : "") + (session.identity().isPresent() ? "A" : "");
    String client = session.connection().remote().getAddress().getHostAddress();
    String forClause = envelope.recipients().size() == 1 ? "\r\n\tfor <" + envelope.recipients().get(0) + ">" : "";
    return "Received: from " + session.heloName().orElse("unknown") + " ([" + client + "])\r\n\tby " + fqdn
        + " (Sluice) with " + protocol + " id " + messageId + forClause + ";\r\n\t"
        + DATE.format(now.atZone(ZoneId.of("UTC"))) + "\r\n";
  }
}
