package dev.sluice.routing.balance;

import dev.sluice.routing.model.SmartHost;
import dev.sluice.routing.model.TransportServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Orders the source servers of a connector, or its smart hosts, in the order to try them: a rotating
 * list as Exchange keeps it, so that load spreads and a dead or failing host is passed over at once.
 *
 * <p>Stateless and thread-safe; the same inputs always give the same order. Time and the rotation come
 * in through {@link BalanceContext}. The rule, in order:
 *
 * <ol>
 *   <li>Dead servers (no member znode) are left out; smart hosts are never dead, only failing.
 *   <li>The base order is by name, case-insensitively (smart hosts by host, then port), so that the order
 *       a connector lists its hosts in never changes the spread.
 *   <li>Healthy candidates come first, rotated: the first one is chosen by the rotation and the others
 *       follow it in base order, wrapping round. Without queue lengths the first is
 *       {@code rotation mod n}, plain round robin. When every healthy candidate reports a queue length,
 *       the choice is weighted: candidate {@code i} weighs {@code max(1, floor(1000 / (1 + queueLength)))}
 *       (1000 for an empty queue, 100 for a queue of 9), the rotation picks slot
 *       {@code s = (rotation mod W) * k mod W} of the total weight {@code W}, and the candidate whose share
 *       of {@code [0, W)} (laid out in base order) holds {@code s} goes first. {@code k} is the first integer
 *       from {@code round(0.618 W)} on that is coprime to {@code W}, so over any {@code W} consecutive
 *       rotations each candidate is first exactly its weight's number of times, and the golden-ratio step
 *       interleaves them instead of giving one a long run.
 *   <li>Failing candidates come last, the one that recovers soonest first, then by name.
 * </ol>
 *
 * <p>Called for every recipient. When nothing is known but that every server is alive, a
 * {@link ServerRing} answers with a precomputed rotation and nothing is allocated; otherwise it
 * allocates the result list and, only when some candidate is failing,
 * a comparator; smart hosts also pay for their text as the health key.
 */
public final class Balancer {
  /** The weight of a candidate with an empty queue; a queue of {@code q} weighs {@code 1000 / (1 + q)}. */
  public static final int WEIGHT_SCALE = 1000;

  private static final double GOLDEN_RATIO_CONJUGATE = 0.6180339887498949;

  static final Comparator<TransportServer> BY_SERVER_NAME =
      Comparator.comparing(TransportServer::name, String.CASE_INSENSITIVE_ORDER)
          .thenComparing(TransportServer::name);

  private static final Comparator<SmartHost> BY_SMART_HOST =
      Comparator.comparing(SmartHost::host, String.CASE_INSENSITIVE_ORDER)
          .thenComparingInt(host -> host.port().orElse(0))
          .thenComparing(SmartHost::kind);

  private Balancer() {}

  /** The servers of {@code ring} in the order to try them; dead ones left out, failing ones last. */
  public static List<TransportServer> orderServers(ServerRing ring, Liveness liveness, BalanceContext context) {
    if (liveness.isPlain()) {
      return ring.rotation(context.rotation());
    }
    return orderServers(ring.members(), liveness, context);
  }

  /** Live servers in the order to try them; dead ones left out, failing ones last. */
  public static List<TransportServer> orderServers(
      List<TransportServer> candidates, Liveness liveness, BalanceContext context) {
    return order(candidates, TransportServer::name, BY_SERVER_NAME, true, liveness, context);
  }

  /** Smart hosts in the order to try them; failing ones last (keyed by {@code SmartHost.toString()}). */
  public static List<SmartHost> orderSmartHosts(
      List<SmartHost> candidates, Liveness liveness, BalanceContext context) {
    return order(candidates, SmartHost::toString, BY_SMART_HOST, false, liveness, context);
  }

  /** The weight of a candidate reporting {@code queueLength}: shorter queues are chosen more often. */
  public static long weight(int queueLength) {
    return Math.max(1, WEIGHT_SCALE / (1L + queueLength));
  }

  private static <T> List<T> order(
      List<T> candidates,
      Function<T, String> key,
      Comparator<T> baseOrder,
      boolean skipDead,
      Liveness liveness,
      BalanceContext context) {
    Objects.requireNonNull(candidates, "candidates must be given");
    Objects.requireNonNull(liveness, "liveness must be given (Liveness.allLive() when unknown)");
    Objects.requireNonNull(context, "balance context must be given");
    ArrayList<T> order = new ArrayList<>(candidates.size());
    for (T candidate : candidates) {
      if (!skipDead || liveness.isLive(key.apply(candidate))) {
        order.add(candidate);
      }
    }
    order.sort(baseOrder);
    Instant now = context.now();
    // Healthy ones move to the front in base order; the failing ones behind are sorted afterwards.
    int healthy = 0;
    for (int i = 0; i < order.size(); i++) {
      if (!liveness.health(key.apply(order.get(i))).isFailingAt(now)) {
        Collections.swap(order, healthy++, i);
      }
    }
    int first = first(order, healthy, key, liveness, context.rotation());
    if (first > 0) {
      Collections.rotate(order.subList(0, healthy), -first);
    }
    if (order.size() - healthy > 1) {
      order.subList(healthy, order.size()).sort(soonestRecoveryFirst(key, baseOrder, liveness));
    }
    return Collections.unmodifiableList(order);
  }

  /** The index, among the first {@code healthy} of {@code order}, of the candidate to try first. */
  private static <T> int first(
      List<T> order, int healthy, Function<T, String> key, Liveness liveness, long rotation) {
    if (healthy <= 1) {
      return 0;
    }
    long total = 0;
    for (int i = 0; i < healthy; i++) {
      OptionalInt queue = liveness.queueLength(key.apply(order.get(i)));
      if (queue.isEmpty()) {
        // One unknown queue makes every weight meaningless: plain round robin.
        return Math.floorMod(rotation, healthy);
      }
      total += weight(queue.getAsInt());
    }
    // total is at most 1000 per candidate, so the product stays far below Long.MAX_VALUE.
    long slot = Math.floorMod(rotation, total) * stride(total) % total;
    for (int i = 0; i < healthy; i++) {
      slot -= weight(liveness.queueLength(key.apply(order.get(i))).getAsInt());
      if (slot < 0) {
        return i;
      }
    }
    throw new IllegalStateException("weighted slot beyond the total weight " + total);
  }

  /** The step through the total weight: near its golden section, and coprime so every slot is reached. */
  private static long stride(long total) {
    long step = Math.max(1, Math.round(total * GOLDEN_RATIO_CONJUGATE));
    while (gcd(step, total) != 1) {
      step++;
    }
    return step;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long r = a % b;
      a = b;
      b = r;
    }
    return a;
  }

  private static <T> Comparator<T> soonestRecoveryFirst(
      Function<T, String> key, Comparator<T> baseOrder, Liveness liveness) {
    Comparator<T> byRecovery =
        Comparator.comparing(c -> ((ServerHealth.FailingUntil) liveness.health(key.apply(c))).until());
    return byRecovery.thenComparing(baseOrder);
  }
}
