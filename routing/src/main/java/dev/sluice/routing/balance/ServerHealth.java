package dev.sluice.routing.balance;

import java.time.Instant;

/** STUB API: the health of a server or smart host as the delivery side reports it. */
public sealed interface ServerHealth {
  /** Working. */
  record Ok() implements ServerHealth {}

  /** Connections to it failed; it goes last until {@code until}. */
  record FailingUntil(Instant until) implements ServerHealth {}

  ServerHealth OK = new Ok();
}
