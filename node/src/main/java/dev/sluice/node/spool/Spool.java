package dev.sluice.node.spool;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The durable store of accepted messages: a message the SMTP server answered 250 for is here until
 * delivery removes it, across crashes and restarts, with the two facts delivery needs to keep
 * about it: which recipients are done, and how often it was being delivered when the node crashed.
 *
 * <p>Thread-safe: every method may be called from any thread, and none blocks on a sync (the
 * futures complete when the sync is done). {@link #store} completes only once the record is on
 * stable storage, so the 250 waits on its future. {@link #remove} and {@link #complete} are
 * durable in the same way, but a caller need not wait for them: a removal or completion lost in a
 * crash makes the message (or those recipients) be delivered again at the next start, a duplicate
 * that SMTP allows (RFC 1047) and that loses nothing. All share the group commit: they add records
 * to the next sync, never a sync of their own.
 *
 * <p>Poison messages (Exchange's PoisonThreshold): delivery brackets each attempt with
 * {@link #beginAttempt} and {@link #endAttempt}. A message found at open with an attempt begun and
 * not ended was being delivered when the node went down, and its {@link SpooledMessage#crashCount()}
 * goes up by one (once per interrupted attempt: later opens before a new attempt add nothing). The
 * count survives restarts, so the queue manager can set aside a message that keeps crashing the
 * node. A removed message takes its completions and count with it.
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
   * Records that these recipients of the message are done (delivered, or failed with a DSN
   * queued), so that {@link #read} leaves them out of {@link SpooledMessage#remaining()} from now
   * on and after any restart. The future completes once the record is durable, and {@code read}
   * shows the completion from then on. Completing the last recipient does not remove the message:
   * that is {@link #remove}. An unknown id, or recipients completed before, complete at once.
   * Works whatever the {@link #state()}; a completion that cannot be written yet is retried until
   * it is.
   */
  CompletableFuture<Void> complete(SpoolId id, Collection<String> recipients);

  /**
   * Records that delivery of these messages starts. Delivery waits on the future before it sends:
   * once it completes, a crash before the matching {@link #endAttempt} counts against each of
   * them at the next open. One record covers the whole collection, so a batch shares one sync.
   * Unknown ids are skipped. The future fails with {@link SpoolUnavailableException} when the
   * record cannot be written; delivery then waits and tries again.
   */
  CompletableFuture<Void> beginAttempt(Collection<SpoolId> ids);

  /**
   * Records that the attempt begun by {@link #beginAttempt} is over (whatever its outcome). It is
   * not synced by itself but with the next record that is, or within a probe interval when the
   * spool is idle, or at the close: a crash before then loses it, and the open after that counts
   * one crash too many, for a message that was in flight just before a crash that did happen.
   * Unknown ids are skipped; after {@link #close} it does nothing.
   */
  void endAttempt(Collection<SpoolId> ids);

  /**
   * The message, with the recipients completed so far and its crash count, or empty when it is not
   * (or no longer) in the spool.
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
