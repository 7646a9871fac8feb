package dev.sluice.directory.zookeeper;

/**
 * Told when a {@link MemberRegistration}'s status changes: re-registered after ZooKeeper came back
 * ({@link RegistrationStatus#REGISTERED}), waiting for it ({@link RegistrationStatus#PENDING}), or the
 * name taken by another process ({@link RegistrationStatus#LOST_CLAIM}).
 *
 * <p>Called on the registration's executor (in order when that is single-threaded); it must not block.
 */
@FunctionalInterface
public interface RegistrationListener {
  void statusChanged(RegistrationStatus status);
}
