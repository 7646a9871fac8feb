package dev.sluice.node.spool;

/**
 * A spooled record that no longer matches its checksum: the disk or something outside the node
 * changed it. The message cannot be delivered as stored; the segment is kept for inspection.
 */
public final class SpoolCorruptionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SpoolCorruptionException(String message) {
    super(message);
  }

  public SpoolCorruptionException(String message, Throwable cause) {
    super(message, cause);
  }
}
