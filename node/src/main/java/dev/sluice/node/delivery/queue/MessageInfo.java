package dev.sluice.node.delivery.queue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message in one queue as {@code get-message} lists it (a message split over several next hops is in
 * several queues, with the recipients of each).
 *
 * @param identity {@code <queue identity>\<spool id>}
 * @param messageId the node's message id (the one in the tracking log and the Received header)
 * @param sender the envelope sender; empty for {@code <>}
 * @param size its size in octets
 * @param status its state in this queue
 * @param queue the identity of the queue it is in
 * @param receivedAt when the node accepted it
 * @param recipients the recipients it still has in this queue
 * @param retryCount how many times delivery was tried in this queue
 * @param lastError the last failure for it, when there was one
 */
public record MessageInfo(
    String identity,
    String messageId,
    String sender,
    long size,
    MessageStatus status,
    String queue,
    Instant receivedAt,
    List<String> recipients,
    int retryCount,
    Optional<String> lastError) {
  public MessageInfo {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(messageId, "message id");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(receivedAt, "received at");
    recipients = List.copyOf(recipients);
    Objects.requireNonNull(lastError, "last error (Optional.empty() for none)");
  }
}
