package dev.sluice.node.metrics;

import java.util.List;
import java.util.Objects;

/**
 * What {@code GET /health} reports: the node's state and why, from the directory's and the spool's
 * point of view.
 *
 * @param status UP, DEGRADED (serving, with something to look at) or DOWN (not accepting mail)
 * @param zookeeper the ZooKeeper connection state (CONNECTED, SUSPENDED, LOST, ...)
 * @param snapshotAgeSeconds seconds since the snapshot in use was published, or -1 before the first
 * @param snapshotStale the session was lost and routing goes on with the last snapshot
 * @param invalidObjects stored objects the snapshot could not use
 * @param keptLastValid of those, how many are in the snapshot at their last valid version
 * @param spool the spool's state (ACCEPTING, LOW_SPACE, FAILED)
 * @param problems one line per thing to look at
 * @param members the live members the node's snapshot holds (itself included), by name
 */
public record Health(
    Status status, String zookeeper, double snapshotAgeSeconds, boolean snapshotStale, int invalidObjects,
    int keptLastValid, String spool, List<String> problems, List<MemberSeen> members) {

  /** The overall state. */
  public enum Status { UP, DEGRADED, DOWN }

  /** A live member as this node sees it: its server name, role (hub, edge) and site. */
  public record MemberSeen(String server, String role, String site) {
    public MemberSeen {
      Objects.requireNonNull(server, "server of a member seen must be given");
    }
  }

  public Health {
    Objects.requireNonNull(status, "health status must be given");
    zookeeper = Objects.requireNonNullElse(zookeeper, "UNKNOWN");
    spool = Objects.requireNonNullElse(spool, "UNKNOWN");
    problems = List.copyOf(problems);
    members = List.copyOf(members);
  }
}
