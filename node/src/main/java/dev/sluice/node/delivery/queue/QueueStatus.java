package dev.sluice.node.delivery.queue;

/** A queue's state as Exchange 2007's Get-Queue shows it. */
public enum QueueStatus {
  /** Delivering now. */
  ACTIVE,
  /** Opening a connection to its next hop. */
  CONNECTING,
  /** Holds messages and may deliver them at once (or is empty). */
  READY,
  /** Its next hop could not be reached; it waits for {@link QueueInfo#nextRetryTime()}. */
  RETRY,
  /** Held by an operator: nothing leaves it until it is resumed. */
  SUSPENDED
}
