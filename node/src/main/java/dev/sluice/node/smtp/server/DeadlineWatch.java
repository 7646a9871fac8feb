package dev.sluice.node.smtp.server;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps one connection's {@link ClientDeadline} watched: one check scheduled on the connection's event loop,
 * moved only when a deadline comes nearer, and rescheduled by the check itself while the client is in time
 * (as Netty's {@code IdleStateHandler} does), so that a command or a read costs no timer of its own.
 *
 * <p>Not thread-safe: every method runs on the event loop, and so does {@code onLate}, at most once per
 * expiry. After {@link #stop()} nothing is scheduled and nothing is reported.
 */
final class DeadlineWatch {
  /** The soonest a check runs again, so a deadline met to the nanosecond cannot spin the loop. */
  private static final long MIN_CHECK_DELAY = TimeUnit.MILLISECONDS.toNanos(1);

  private final ClientDeadline deadline;
  private final EventExecutor loop;
  private final Consumer<ClientDeadline.Expiry> onLate;
  private ScheduledFuture<?> check;
  private long checkAt;
  private boolean stopped;

  DeadlineWatch(ClientDeadline deadline, EventExecutor loop, Consumer<ClientDeadline.Expiry> onLate) {
    this.deadline = deadline;
    this.loop = loop;
    this.onLate = onLate;
  }

  /** The server now waits for a command line. */
  void awaitCommand() {
    deadline.awaitCommand(System.nanoTime());
    arm();
  }

  /** The server now reads DATA content or a BDAT chunk. */
  void awaitContent() {
    deadline.awaitContent(System.nanoTime());
    arm();
  }

  /** {@code read} octets of the content being read have arrived. */
  void contentRead(long read) {
    deadline.contentRead(System.nanoTime(), read);
  }

  /** The server is busy: the client owes nothing until the next await. */
  void suspend() {
    deadline.suspend();
  }

  void stop() {
    stopped = true;
    if (check != null) {
      check.cancel(false);
      check = null;
    }
  }

  private void arm() {
    long due = deadline.due();
    if (stopped || due == ClientDeadline.NEVER || (check != null && checkAt - due <= 0)) {
      return;
    }
    if (check != null) {
      check.cancel(false);
    }
    checkAt = due;
    check = loop.schedule(this::check, Math.max(MIN_CHECK_DELAY, due - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  private void check() {
    check = null;
    if (stopped) {
      return;
    }
    deadline.expiry(System.nanoTime()).ifPresentOrElse(late -> {
      stop();
      onLate.accept(late);
    }, this::arm);
  }
}
