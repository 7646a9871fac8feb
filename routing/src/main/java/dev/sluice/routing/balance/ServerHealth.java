package dev.sluice.routing.balance;

import java.time.Instant;
import java.util.Objects;

/**
 * The health of a source server or smart host as the delivery side reports it: working, or failing
 * until an instant (its retry interval after a failed connection).
 *
 * <p>Immutable values. A failing health stops counting once its instant is reached, so a host recovers
 * without anybody reporting it again.
 */
public sealed interface ServerHealth {
  /** Working. */
  record Ok() implements ServerHealth {
    @Override
    public boolean isFailingAt(Instant now) {
      return false;
    }
  }

  /**
   * Connections to it failed; it goes last until {@code until}.
   *
   * @param until the instant from which it is tried in turn again
   */
  record FailingUntil(Instant until) implements ServerHealth {
    public FailingUntil {
      Objects.requireNonNull(until, "the instant a failing server recovers must be given");
    }

    @Override
    public boolean isFailingAt(Instant now) {
      return until.isAfter(now);
    }
  }

  ServerHealth OK = new Ok();

  /** A health that fails until {@code until}. */
  static ServerHealth failingUntil(Instant until) {
    return new FailingUntil(until);
  }

  /** Whether it still counts as failing at {@code now}; a failure whose instant is not after now is over. */
  boolean isFailingAt(Instant now);
}
