package dev.sluice.node.delivery.queue;

import java.util.List;
import java.util.Optional;

/**
 * What an operator can see and do with a node's queues: the admin endpoint serves it, the CLI verbs
 * {@code get-queue}, {@code get-message}, {@code retry-queue}, {@code suspend-queue} and
 * {@code resume-queue} call it. Implementations are thread-safe and answer from memory (never wait on a
 * next hop).
 */
public interface QueueAdmin {
  /** Every queue of the node, the Unreachable and Poison queues included. */
  List<QueueInfo> queues();

  /** The messages of the queue {@code identity}, or of every queue when empty. */
  List<MessageInfo> messages(Optional<String> queueIdentity) throws UnknownQueueException;

  /** Tries the queue's next hop now, whatever its retry time (Exchange's Retry-Queue). */
  QueueInfo retry(String queueIdentity) throws UnknownQueueException;

  /** Holds the queue: nothing more leaves it until it is resumed; messages being sent finish. */
  QueueInfo suspend(String queueIdentity) throws UnknownQueueException;

  /** Lets a suspended queue deliver again. */
  QueueInfo resume(String queueIdentity) throws UnknownQueueException;

  /** No queue has that identity on this node. */
  final class UnknownQueueException extends Exception {
    public UnknownQueueException(String identity) {
      super("no queue " + identity + " on this node: list them with get-queue");
    }
  }
}
