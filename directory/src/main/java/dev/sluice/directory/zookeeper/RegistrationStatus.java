package dev.sluice.directory.zookeeper;

/** Where a {@link MemberRegistration} stands with its member znode, as a node's health reports it. */
public enum RegistrationStatus {
  /** Not started yet, refused at start, or closed: the registration holds no znode. */
  UNREGISTERED,
  /**
   * Started, but the znode is not confirmed under the current session: ZooKeeper is away, the session
   * was lost, or a previous run's znode has not expired yet. The registration claims it again by itself.
   */
  PENDING,
  /** The member znode is in place, owned by this client's current session. */
  REGISTERED,
  /**
   * Another live process holds the server's name: this registration stopped and will not take it back.
   * The node must not carry on as that server.
   */
  LOST_CLAIM
}
