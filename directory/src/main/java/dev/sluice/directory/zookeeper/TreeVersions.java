package dev.sluice.directory.zookeeper;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.zookeeper.WatchedEvent;

/**
 * The version the cache holds of each znode, so that a read that arrives late never replaces newer data
 * and a delete is never undone by a read taken before it.
 *
 * <p>Not thread-safe: the cache's thread owns it. A put is taken when its {@code mzxid} is newer than what
 * is held and than the znode's last delete; a delete is taken when it is newer than what is held. A delete
 * whose zxid the server did not send counts as newer than anything until the znode is created again.
 * The delete markers live until the znode comes back or the next full load ({@link #forgetDeletes}).
 */
final class TreeVersions {
  private final Map<String, Long> held = new HashMap<>();
  private final Map<String, Long> deletedAt = new HashMap<>();

  /** Whether the version {@code mzxid} of {@code path} is newer than what is held; if so it is held now. */
  boolean put(String path, long mzxid) {
    Long deleted = deletedAt.get(path);
    if (deleted != null && mzxid <= deleted) {
      return false;
    }
    Long old = held.get(path);
    if (old != null && mzxid <= old) {
      return false;
    }
    held.put(path, mzxid);
    deletedAt.remove(path);
    return true;
  }

  /** Whether a delete of {@code path} at {@code zxid} ({@link WatchedEvent#NO_ZXID} when unknown) removes what is held. */
  boolean delete(String path, long zxid) {
    long at = zxid == WatchedEvent.NO_ZXID ? Long.MAX_VALUE : zxid;
    Long old = held.get(path);
    if (old != null && old >= at) {
      return false;
    }
    held.remove(path);
    deletedAt.merge(path, at, Math::max);
    return old != null;
  }

  /** The znode was created again: a delete whose zxid was unknown no longer holds its reads back. */
  void created(String path, long zxid) {
    if (zxid == WatchedEvent.NO_ZXID) {
      deletedAt.remove(path);
    }
  }

  /** Forgets {@code path} without a delete marker: a full load found it gone. */
  void forget(String path) {
    held.remove(path);
  }

  /** The paths held. */
  Set<String> paths() {
    return held.keySet();
  }

  /**
   * Drops the delete markers: a full load reads after every delete so far was applied, and its reads
   * arrive in order with the events that follow.
   */
  void forgetDeletes() {
    deletedAt.clear();
  }
}
