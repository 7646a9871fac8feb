package dev.sluice.directory.zookeeper;

import dev.sluice.directory.DirectoryException;
import dev.sluice.directory.layout.DirectoryLayout;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;

/**
 * Runs directory operations against ZooKeeper and turns its failures into {@link DirectoryException}s
 * that name what was being done: the one place where ZooKeeper's error codes are interpreted.
 *
 * <p>Thread-safe. Refusals of our own (validation, not found, in use) pass through unchanged.
 */
final class Transactions {
  private final CuratorFramework client;
  private final DirectoryLayout layout;

  Transactions(CuratorFramework client, DirectoryLayout layout) {
    this.client = client;
    this.layout = layout;
  }

  /** Runs {@code work}, mapping ZooKeeper's failures to what an operator can act on. */
  <T> T call(String what, Callable<T> work) {
    try {
      return work.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (KeeperException.NoAuthException e) {
      throw denied(what, e);
    } catch (KeeperException.ConnectionLossException | KeeperException.SessionExpiredException
        | KeeperException.OperationTimeoutException e) {
      throw new DirectoryException.Unavailable("could not " + what + ": ZooKeeper at "
          + client.getZookeeperClient().getCurrentConnectionString() + " did not answer (" + e.code() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DirectoryException.Unavailable("interrupted while trying to " + what, e);
    } catch (Exception e) {
      throw new DirectoryException("could not " + what + ": " + e.getMessage(), e);
    }
  }

  /**
   * Commits {@code plan} as one transaction. Returns false when its first operation (the generation's
   * compare-and-set) failed because another write committed since the read, so the caller retries on a
   * fresh read; after the last attempt that, too, is a conflict.
   */
  boolean commit(String what, WritePlan plan, boolean lastAttempt) throws Exception {
    try {
      client.transaction().forOperations(plan.ops());
      return true;
    } catch (KeeperException e) {
      int failed = firstFailure(e.getResults());
      KeeperException.Code code = failed < 0 ? e.code() : KeeperException.Code.get(
          ((OpResult.ErrorResult) e.getResults().get(failed)).getErr());
      if (failed == 0 && code == KeeperException.Code.BADVERSION && !lastAttempt) {
        return false;
      }
      String op = failed < 0 ? "the transaction" : plan.description(failed);
      throw switch (code) {
        case NOAUTH -> denied(what, e);
        case NODEEXISTS -> new DirectoryException.AlreadyExists(
            "could not " + what + ": " + op + " was created by someone else meanwhile");
        case BADVERSION, NONODE, NOTEMPTY -> new DirectoryException.Conflict("could not " + what + ": " + op
            + " was changed by someone else meanwhile; read it again and retry");
        default -> e;
      };
    }
  }

  /** The index of the operation that made a transaction fail (ZooKeeper marks the rest as rolled back). */
  private static int firstFailure(List<OpResult> results) {
    if (results == null) {
      return -1;
    }
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i) instanceof OpResult.ErrorResult error
          && error.getErr() != KeeperException.Code.OK.intValue()
          && error.getErr() != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()) {
        return i;
      }
    }
    return -1;
  }

  private DirectoryException.AccessDenied denied(String what, Exception e) {
    return new DirectoryException.AccessDenied("not allowed to " + what + " under " + layout.root()
        + ": the identity of the credentials file may not do that (writes of /config need the admin identity)", e);
  }
}
