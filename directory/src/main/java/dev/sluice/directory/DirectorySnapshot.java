package dev.sluice.directory;

import dev.sluice.routing.balance.Liveness;
import dev.sluice.routing.model.OrganizationConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable copy of the directory as one node sees it at one moment: the configuration, the live
 * members, and how far and how well that copy reflects ZooKeeper.
 *
 * <p>Safe to share between threads. A new snapshot whose configuration did not change holds the very
 * same {@link OrganizationConfig} instance as the one before it ({@link #sameConfigAs}), so a change of
 * liveness or load alone lets a node keep its routing table's index ({@code RoutingTable.withLiveness}).
 *
 * @param config the configuration (objects that never were valid are left out; see {@link #invalid})
 * @param members the live members by lower-case server name
 * @param zxid the highest mzxid or pzxid of the znodes this snapshot reflects
 * @param stale the ZooKeeper session was lost: this is the last snapshot seen, routing goes on with it
 * @param invalid the stored documents that failed to parse or validate, and what was done about each
 * @param sequence the number of this snapshot among those its cache published (1 for the first)
 * @param users the SMTP users for inbound AUTH by lower-case name (their password hashes only)
 */
public record DirectorySnapshot(
    OrganizationConfig config,
    Map<String, Member> members,
    long zxid,
    boolean stale,
    List<InvalidObject> invalid,
    long sequence,
    Map<String, SmtpUser> users) {

  public DirectorySnapshot {
    Objects.requireNonNull(config, "the configuration of a snapshot must be given");
    members = Map.copyOf(members);
    invalid = List.copyOf(invalid);
    users = Map.copyOf(users);
  }

  /** The SMTP user {@code name} (case-insensitive), if the directory holds one. */
  public Optional<SmtpUser> user(String name) {
    return Optional.ofNullable(users.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  /**
   * A stored document that could not be used.
   *
   * @param path its znode
   * @param reason why (the codec's or the validator's words)
   * @param keptLastValid whether the last valid version of the object is in the snapshot in its place
   *     (else the object is left out: it never was valid)
   */
  public record InvalidObject(String path, String reason, boolean keptLastValid) {}

  /** The live member of {@code server}, if it is registered. */
  public Optional<Member> member(String server) {
    return Optional.ofNullable(members.get(server.toLowerCase(java.util.Locale.ROOT)));
  }

  /** Who is alive and the queue length each reports, as routing takes it. */
  public Liveness liveness() {
    Liveness live = Liveness.of(members.values().stream().map(Member::server).toList());
    for (Member m : members.values()) {
      live = live.withQueueLength(m.server(), (int) Math.min(Integer.MAX_VALUE, m.queueLength()));
    }
    return live;
  }

  /** Whether this snapshot holds the same configuration instance as {@code other}. */
  public boolean sameConfigAs(DirectorySnapshot other) {
    return other != null && other.config == config;
  }

  /** This snapshot marked stale or fresh. */
  public DirectorySnapshot withStale(boolean isStale, long nextSequence) {
    return new DirectorySnapshot(config, members, zxid, isStale, invalid, nextSequence, users);
  }
}
