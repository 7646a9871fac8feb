package dev.sluice.routing.balance;

import java.time.Instant;

/**
 * STUB API: what the balancer needs from outside: the time, and where the rotation stands.
 *
 * @param now the instant health is judged at
 * @param rotation advances by one per message (a counter, or drawn from a RandomGenerator)
 */
public record BalanceContext(Instant now, long rotation) {
  public static final BalanceContext INITIAL = new BalanceContext(Instant.EPOCH, 0);
}
