package dev.sluice.directory.zookeeper;

import dev.sluice.directory.DirectoryException;
import dev.sluice.directory.layout.DirectoryLayout;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.ACL;

/**
 * The start-up check of a process that runs with credentials: the directory's own znodes must not be
 * writable by the world, or the ACLs it relies on protect nothing. It fails closed, naming the znodes.
 *
 * <p>Stateless; thread-safe as its client is.
 */
public final class DirectoryAudit {
  private DirectoryAudit() {}

  /**
   * Throws {@link DirectoryException.AccessDenied} when the root, {@code /config}, {@code /secrets} or
   * {@code /runtime/members} grants the world (or anyone unauthenticated) more than reading; znodes not
   * created yet are skipped.
   */
  public static void requireProtected(CuratorFramework client, DirectoryLayout layout) {
    List<String> open = new ArrayList<>();
    for (String path : List.of(layout.root(), layout.config(), layout.secrets(), layout.members())) {
      try {
        for (ACL acl : client.getACL().forPath(path)) {
          boolean world = acl.getId().getScheme().equals("world") || acl.getId().getScheme().equals("ip");
          if (world && (acl.getPerms() & ~Perms.READ) != 0) {
            open.add(path + " (" + acl.getId().getScheme() + ":" + acl.getId().getId() + ")");
          }
        }
      } catch (KeeperException.NoNodeException notYet) {
        // Created later, by the admin, with the directory's ACLs.
      } catch (Exception e) {
        throw new DirectoryException.Unavailable("could not read the ACLs of " + path + ": " + e.getMessage(), e);
      }
    }
    if (!open.isEmpty()) {
      throw new DirectoryException.AccessDenied("the directory is writable by anyone who reaches ZooKeeper although"
          + " this process runs with credentials: " + String.join(", ", open) + "; have the admin set the"
          + " directory's ACLs (or recreate it with --credentials-file) before starting", null);
    }
  }
}
