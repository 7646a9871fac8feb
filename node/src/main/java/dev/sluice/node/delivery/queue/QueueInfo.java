package dev.sluice.node.delivery.queue;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One queue of a node as {@code get-queue} lists it.
 *
 * @param identity {@code <server>\<id>} for a next-hop queue, {@code <server>\Unreachable} and
 *     {@code <server>\Poison} for the two special ones
 * @param deliveryType the next hop's delivery type as Exchange names it (SmartHostConnectorDelivery,
 *     DnsConnectorDelivery, SmtpRelayToRemoteAdSite, ..., Unreachable, Poison)
 * @param nextHopDomain the next hop's domain (a domain, a site, a connector name); empty for the special queues
 * @param connector the Send or Foreign connector the queue delivers through; empty when none
 * @param status its state now
 * @param messageCount the messages in it
 * @param nextRetryTime when a queue in Retry tries again
 * @param lastRetryTime when it last tried to reach its next hop
 * @param lastError the last failure, as the reply or the reason (never a credential)
 */
public record QueueInfo(
    String identity,
    String deliveryType,
    String nextHopDomain,
    String connector,
    QueueStatus status,
    int messageCount,
    Optional<Instant> nextRetryTime,
    Optional<Instant> lastRetryTime,
    Optional<String> lastError) {
  public QueueInfo {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(deliveryType, "delivery type");
    Objects.requireNonNull(nextHopDomain, "next-hop domain");
    Objects.requireNonNull(connector, "connector");
    Objects.requireNonNull(status, "status");
    if (messageCount < 0) {
      throw new IllegalArgumentException("message count must not be negative");
    }
    Objects.requireNonNull(nextRetryTime, "next retry time (Optional.empty() for none)");
    Objects.requireNonNull(lastRetryTime, "last retry time (Optional.empty() for none)");
    Objects.requireNonNull(lastError, "last error (Optional.empty() for none)");
  }
}
