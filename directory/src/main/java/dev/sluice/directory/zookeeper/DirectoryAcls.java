package dev.sluice.directory.zookeeper;

import dev.sluice.directory.layout.DirectoryLayout;
import java.util.List;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;

/**
 * The ACLs of the directory's znodes, digest scheme: {@code /config} writable by the admin and readable
 * by the node group; a secret under {@code /secrets} readable by the node group only (the admin writes
 * and removes it but cannot read it back); {@code /runtime/members} open to nodes for creating their
 * member znode, each of which only its own node may write.
 *
 * <p>Immutable and thread-safe. Curator asks it for the ACL of every znode a client creates, so each
 * process's own digest (its {@link Credentials}) is the one a member znode gets. A node may delete
 * another node's member znode (ZooKeeper checks delete on the parent, which nodes need to replace their
 * own leftover); the victim's registration takes it back, and the README says so.
 */
public final class DirectoryAcls implements ACLProvider {
  private final DirectoryLayout layout;
  private final Id admin;
  private final Id nodes;
  private final Id own;

  public DirectoryAcls(DirectoryLayout layout, Credentials credentials) {
    this.layout = layout;
    this.admin = new Id("digest", credentials.adminDigest());
    this.nodes = new Id("digest", credentials.nodeGroupDigest());
    this.own = new Id("digest", credentials.ownDigest());
  }

  /** A mutable list: ZooKeeper asks it contains(null), which List.of refuses. */
  private static List<ACL> acl(ACL... entries) {
    return new java.util.ArrayList<>(java.util.Arrays.asList(entries));
  }

  @Override
  public List<ACL> getDefaultAcl() {
    return acl(new ACL(Perms.ALL, admin), new ACL(Perms.READ, nodes));
  }

  @Override
  public List<ACL> getAclForPath(String path) {
    String parent = DirectoryLayout.parentOf(path);
    if (parent.equals(layout.secrets())) {
      return acl(new ACL(Perms.WRITE | Perms.DELETE | Perms.ADMIN, admin), new ACL(Perms.READ, nodes));
    }
    if (path.equals(layout.members())) {
      return acl(new ACL(Perms.ALL, admin), new ACL(Perms.READ | Perms.CREATE | Perms.DELETE, nodes));
    }
    if (parent.equals(layout.members())) {
      return own.equals(admin)
          ? getDefaultAcl()
          : acl(new ACL(Perms.ALL, own), new ACL(Perms.ALL, admin), new ACL(Perms.READ, nodes));
    }
    return getDefaultAcl();
  }
}
