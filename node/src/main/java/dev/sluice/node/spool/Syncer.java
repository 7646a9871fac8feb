package dev.sluice.node.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Makes what was written to a channel durable: the seam between the spool and stable storage.
 *
 * <p>The spool calls {@link #sync} from its writer thread once per batch of records (group
 * commit), and {@link #syncDirectory} after it creates or deletes a segment file. A call that
 * returns means the bytes are on stable storage; one that throws means nothing about the unsynced
 * bytes may be assumed, and the spool fails the batch.
 */
@FunctionalInterface
public interface Syncer {
  /**
   * fdatasync(2) through {@link FileChannel#force}: it also writes the file size, which is what
   * reading appended records back needs.
   */
  Syncer FORCE = channel -> channel.force(false);

  void sync(FileChannel segment) throws IOException;

  /** Makes a directory's entries durable (a new or deleted segment file). */
  default void syncDirectory(FileChannel directory) throws IOException {
    directory.force(true);
  }
}
