package dev.sluice.routing.balance;

import dev.sluice.routing.model.Names;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is alive and how each one is doing: the live member servers (their ephemeral member znodes), the
 * health of each server or smart host, and the queue length each server reports.
 *
 * <p>An immutable value, safe to share between threads; the {@code with...} methods return new values.
 * Names compare case-insensitively (a smart host is named by its text, {@code SmartHost.toString()}).
 * A name with no health recorded is {@link ServerHealth#OK}; a server with no queue length reported has
 * none. Lookups allocate nothing, since the balancer makes them for every recipient.
 */
public final class Liveness {
  private static final Liveness ALL_LIVE = new Liveness(null, sortedMap(), sortedMap());

  /** Lower-case names of the live servers, or null when every configured server counts as alive. */
  private final SortedSet<String> liveServers;

  private final SortedMap<String, ServerHealth> health;
  private final SortedMap<String, OptionalInt> queueLengths;

  private Liveness(
      SortedSet<String> liveServers, SortedMap<String, ServerHealth> health, SortedMap<String, OptionalInt> queueLengths) {
    this.liveServers = liveServers == null ? null : Collections.unmodifiableSortedSet(liveServers);
    this.health = Collections.unmodifiableSortedMap(health);
    this.queueLengths = Collections.unmodifiableSortedMap(queueLengths);
  }

  /** Every configured server is alive and ok, no queue lengths known. */
  public static Liveness allLive() {
    return ALL_LIVE;
  }

  /** Exactly {@code liveServers} are alive (the member znodes that exist), all ok, no queue lengths known. */
  public static Liveness of(Collection<String> liveServers) {
    return ALL_LIVE.withLiveServers(liveServers);
  }

  /** Exactly {@code liveServers} are alive, all ok, no queue lengths known. */
  public static Liveness of(String... liveServers) {
    return of(java.util.Arrays.asList(liveServers));
  }

  /** This liveness with exactly {@code servers} alive. */
  public Liveness withLiveServers(Collection<String> servers) {
    Objects.requireNonNull(servers, "live servers must be given (use an empty list when none is alive)");
    SortedSet<String> live = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (String server : servers) {
      live.add(key(server, "live server"));
    }
    return new Liveness(live, health, queueLengths);
  }

  /** This liveness with every configured server taken as alive. */
  public Liveness withAllLive() {
    return new Liveness(null, health, queueLengths);
  }

  /** This liveness with {@code name} (a server, or a smart host's text) in {@code health}. */
  public Liveness withHealth(String name, ServerHealth health) {
    Objects.requireNonNull(health, () -> "health of " + name + " must be given (ServerHealth.OK when working)");
    SortedMap<String, ServerHealth> copy = copy(this.health);
    // OK is the default: not storing it keeps two livenesses that mean the same thing equal.
    if (health instanceof ServerHealth.Ok) {
      copy.remove(key(name, "server or smart host"));
    } else {
      copy.put(key(name, "server or smart host"), health);
    }
    return new Liveness(liveServers, copy, queueLengths);
  }

  /** This liveness with {@code server} reporting {@code queueLength} messages waiting. */
  public Liveness withQueueLength(String server, int queueLength) {
    if (queueLength < 0) {
      throw new IllegalArgumentException(
          "queue length of " + server + " must be 0 or more, not " + queueLength);
    }
    SortedMap<String, OptionalInt> copy = copy(queueLengths);
    copy.put(key(server, "server with a queue length"), OptionalInt.of(queueLength));
    return new Liveness(liveServers, health, copy);
  }

  /** Whether every configured server counts as alive (no member list is known). */
  public boolean isAllLive() {
    return liveServers == null;
  }

  /** Every server alive, no health and no queue length reported: the balancer's plain round robin. */
  public boolean isPlain() {
    return liveServers == null && health.isEmpty() && queueLengths.isEmpty();
  }

  /** Whether {@code server} is alive: its member znode exists, or every server counts as alive. */
  public boolean isLive(String server) {
    return liveServers == null || liveServers.contains(server);
  }

  /** The health recorded for {@code name} (a server or a smart host's text), {@link ServerHealth#OK} if none. */
  public ServerHealth health(String name) {
    return health.getOrDefault(name, ServerHealth.OK);
  }

  /** The queue length {@code server} reported, if it did. */
  public OptionalInt queueLength(String server) {
    return queueLengths.getOrDefault(server, OptionalInt.empty());
  }

  private static String key(String name, String field) {
    // Stored in lower case so that equal livenesses hash equally; looked up through the
    // case-insensitive order so that a lookup allocates no lower-cased copy.
    return Names.requireName(name, field).toLowerCase(Locale.ROOT);
  }

  private static <V> SortedMap<String, V> sortedMap() {
    return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  }

  private static <V> SortedMap<String, V> copy(SortedMap<String, V> map) {
    SortedMap<String, V> copy = sortedMap();
    copy.putAll(map);
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Liveness other
        && Objects.equals(liveServers, other.liveServers)
        && health.equals(other.health)
        && queueLengths.equals(other.queueLengths);
  }

  @Override
  public int hashCode() {
    return Objects.hash(liveServers, health, queueLengths);
  }

  @Override
  public String toString() {
    return "Liveness[live=" + (liveServers == null ? "all" : liveServers)
        + ", health=" + health + ", queueLengths=" + queueLengths + "]";
  }
}
