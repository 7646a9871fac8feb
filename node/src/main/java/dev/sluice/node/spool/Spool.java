package dev.sluice.node.spool;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The durable store of accepted messages: a message the SMTP server answered 250 for is here until
 * its last recipient is done, across crashes and restarts.
 *
 * <p>Thread-safe: every method may be called from any thread, and none blocks on a sync (the
 * futures complete when the sync is done). {@link #store} completes only once the record is on
 * stable storage, so the 250 waits on its future. {@link #remove} is durable in the same way, but
 * a caller need not wait for it: a removal lost in a crash makes the message reappear at the next
 * start and be delivered again, a duplicate that SMTP allows (RFC 1047) and that loses nothing.
 */
public interface Spool extends AutoCloseable {
  /**
   * Stores a message. The future completes with its id once envelope and content are durable,
   * or exceptionally with {@link SpoolUnavailableException} when the spool is not accepting or
   * the write or sync failed; nothing of a failed message is kept.
   */
  CompletableFuture<SpoolId> store(Envelope envelope, ByteBuffer content);

  /**
   * Removes a message: it leaves {@link #ids()} and {@link #read} at once, and the future completes
   * once the removal is durable. Removing an unknown id completes at once. Works whatever the
   * {@link #state()}; a removal that cannot be written yet is retried until it is.
   */
  CompletableFuture<Void> remove(SpoolId id);

  /**
   * The message, or empty when it is not (or no longer) in the spool.
   *
   * @throws SpoolCorruptionException when its record no longer matches its checksum
   */
  Optional<SpooledMessage> read(SpoolId id);

  /** The ids of every message in the spool, oldest first: at open, every message of the last run. */
  List<SpoolId> ids();

  /** Whether new messages are taken now. */
  SpoolState state();

  /** Totals since open. */
  SpoolCounters counters();

  /** Writes and syncs what is queued, then closes. Idempotent. */
  @Override
  void close();
}
