package dev.sluice.node.delivery;

import dev.sluice.routing.decision.NextHopType;

/**
 * One run of delivery for one queue: it takes items from its {@link Lease} while they are
 * ready, sends them and reports each outcome, until the queue has nothing ready or the next hop cannot be
 * reached. Runs on a session thread, outside the manager's lock; may block (DNS, SMTP).
 */
public interface DeliverySession {
  void run(Lease lease);

  /** Makes the session for a queue of {@code type}. */
  interface Factory {
    DeliverySession create(NextHopType type);
  }
}
