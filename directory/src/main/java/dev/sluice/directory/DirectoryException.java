package dev.sluice.directory;

import java.util.List;

/**
 * Why a directory operation did not happen, in words an operator can act on. Each kind of refusal is
 * its own subclass so that callers (the CLI's exit codes, a node's start) tell them apart by type.
 * Nothing was written when one is thrown: every write is one ZooKeeper transaction.
 */
public class DirectoryException extends RuntimeException {
  public DirectoryException(String message) {
    super(message);
  }

  public DirectoryException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The object named does not exist. */
  public static final class NotFound extends DirectoryException {
    public NotFound(String message) {
      super(message);
    }
  }

  /** An object of that identity exists already. */
  public static final class AlreadyExists extends DirectoryException {
    public AlreadyExists(String message) {
      super(message);
    }
  }

  /** Someone else wrote the object between the read and the write (compare-and-set failed). */
  public static final class Conflict extends DirectoryException {
    public Conflict(String message) {
      super(message);
    }
  }

  /** The object is still named by others; they are listed. */
  public static final class InUse extends DirectoryException {
    private final List<String> referrers;

    public InUse(String message, List<String> referrers) {
      super(message + ": " + String.join(", ", referrers));
      this.referrers = List.copyOf(referrers);
    }

    /** The objects that name it, as "Send connector 'Internet'". */
    public List<String> referrers() {
      return referrers;
    }
  }

  /** What is stored and what this process was told disagree; the message names both values. */
  public static final class Mismatch extends DirectoryException {
    public Mismatch(String message) {
      super(message);
    }
  }

  /** The identity this process authenticated as may not do that (ZooKeeper's NoAuth). */
  public static final class AccessDenied extends DirectoryException {
    public AccessDenied(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** ZooKeeper could not be reached or answered too late. */
  public static final class Unavailable extends DirectoryException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
