package dev.sluice.routing.balance;

import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What the balancer needs from outside: the time health is judged at, and where the rotation stands.
 *
 * <p>Immutable. Routing has no clock or randomness of its own: the caller advances the rotation by one
 * per message (a counter per connector gives exact round robin) or draws it with {@link #random}.
 *
 * @param now the instant health is judged at
 * @param rotation advances by one per message (a counter, or drawn from a RandomGenerator); any long,
 *     negative ones included
 */
public record BalanceContext(Instant now, long rotation) {
  public static final BalanceContext INITIAL = new BalanceContext(Instant.EPOCH, 0);

  public BalanceContext {
    Objects.requireNonNull(now, "the instant health is judged at must be given");
  }

  /** A context whose rotation is drawn from {@code random}, for callers that keep no counter. */
  public static BalanceContext random(Instant now, RandomGenerator random) {
    Objects.requireNonNull(random, "a RandomGenerator must be given to draw the rotation");
    return new BalanceContext(now, random.nextLong());
  }

  /** The context of the next message: the rotation one further. */
  public BalanceContext next() {
    return new BalanceContext(now, rotation + 1);
  }

  /** This rotation judged at another instant. */
  public BalanceContext at(Instant instant) {
    return new BalanceContext(instant, rotation);
  }
}
