package dev.sluice.node.spool;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the SMTP transaction said about a message, stored beside its content so that the message
 * can be routed and delivered after a restart.
 *
 * @param messageId the node's internal id for the message (unique, used in Received headers and
 *     the tracking log)
 * @param sender the reverse-path without angle brackets; empty for the null sender {@code <>}
 * @param recipients the accepted recipients, in RCPT order; at least one
 * @param receivedAt when the end of the data arrived
 * @param clientAddress the client's IP address as text
 * @param heloName the name the client gave at HELO or EHLO
 * @param authenticatedAs the identity of the client's AUTH, when it authenticated
 * @param receivingServer the name of the transport server that received it
 * @param receiveConnector the name of the Receive connector that received it
 * @param parameters the MAIL FROM parameters
 */
public record Envelope(
    String messageId,
    String sender,
    List<Recipient> recipients,
    Instant receivedAt,
    String clientAddress,
    String heloName,
    Optional<String> authenticatedAs,
    String receivingServer,
    String receiveConnector,
    MailParameters parameters) {
  public Envelope {
    messageId = Fields.requireLine(messageId, "message id");
    if (messageId.isBlank()) {
      throw new IllegalArgumentException("message id cannot be blank");
    }
    sender = Fields.requireLine(sender, "sender");
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("an envelope needs at least one recipient (message " + messageId + ")");
    }
    Objects.requireNonNull(receivedAt, "receivedAt");
    clientAddress = Fields.requireLine(clientAddress, "client address");
    heloName = Fields.requireLine(heloName, "HELO name");
    authenticatedAs = authenticatedAs.map(value -> Fields.requireLine(value, "authenticated identity"));
    receivingServer = Fields.requireLine(receivingServer, "receiving server");
    receiveConnector = Fields.requireLine(receiveConnector, "Receive connector");
    Objects.requireNonNull(parameters, "parameters (MailParameters.NONE when there are none)");
  }

  /** Whether the sender is the null reverse-path {@code <>} (a DSN or other notification). */
  public boolean nullSender() {
    return sender.isEmpty();
  }
}
