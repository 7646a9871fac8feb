package dev.sluice.node.smtp.receive;

/**
 * Makes the {@link ReceivePolicy} of each new connection, so a policy can hold per-connection state (its
 * Receive connector, the counters of a rate limit) without locks.
 */
@FunctionalInterface
public interface ReceivePolicyFactory {
  ReceivePolicy forConnection(ConnectionFacts connection);
}
