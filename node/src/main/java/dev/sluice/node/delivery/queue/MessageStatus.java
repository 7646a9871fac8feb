package dev.sluice.node.delivery.queue;

/** A queued message's state as Exchange 2007's Get-Message shows it. */
public enum MessageStatus {
  /** Being delivered now. */
  ACTIVE,
  /** Waiting its turn in a queue that may deliver. */
  READY,
  /** Got a 4xx (or its queue is in Retry); tried again at the next retry. */
  RETRY,
  /** Its queue is suspended, or it was set aside as poison. */
  SUSPENDED
}
