package dev.sluice.directory.zookeeper;

import java.util.concurrent.TimeUnit;

/**
 * Counts changes of a member znode seen by a watch, so that a {@link MemberRegistration} starting can wait
 * for a znode of another session to change or vanish without polling.
 *
 * <p>Thread-safe: the watch signals from ZooKeeper's event thread, start waits on its own.
 */
final class RegistrationSignal {
  private long count;

  synchronized void signal() {
    count++;
    notifyAll();
  }

  /** The changes seen so far, to wait for the next one. */
  synchronized long seen() {
    return count;
  }

  /**
   * Waits until a change after {@code seen} or until {@code deadlineNanos} (of System.nanoTime);
   * false when interrupted, with the interrupt kept.
   */
  synchronized boolean await(long seen, long deadlineNanos) {
    long left;
    while (count == seen && (left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())) > 0) {
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
