package dev.sluice.node.smtp.server;

import java.time.Duration;
import java.util.Optional;

/**
 * When a client must next have sent something, computed over {@link System#nanoTime()} values: a whole
 * command within the inactivity timeout of the start of the wait for it, and, while message content is
 * read, more octets within the data timeout and an average rate of at least the minimum once the grace is
 * over.
 *
 * <p>The command deadline runs from the start of the wait, not from the last octet, so that a command
 * trickled an octet at a time does not keep a connection open (Postfix's {@code smtpd_per_request_deadline},
 * catalogue row 43). While the server itself is busy (the sink, the authenticator, a TLS handshake with its
 * own timeout) the client owes nothing. Nothing here reads a clock or schedules: the handler asks
 * {@link #due()} when to look and {@link #expiry} whether the client is late, so tests give made-up times.
 * Not thread-safe: one connection's event loop owns it.
 */
final class ClientDeadline {
  /** What a late client failed to do. */
  sealed interface Expiry {
    /** No whole command within the inactivity timeout. */
    record Inactive() implements Expiry {}

    /** No octet of content within the data timeout. */
    record DataTimeout() implements Expiry {}

    /** Content at {@code rate} octets per second, below the minimum, after the grace. */
    record TooSlow(long rate) implements Expiry {}
  }

  /** The {@link #due()} of a client that owes nothing. */
  static final long NEVER = Long.MAX_VALUE;

  private enum Phase { NONE, COMMAND, CONTENT }

  private final long inactivity;
  private final long dataTimeout;
  private final long minDataRate;
  private final long grace;
  private Phase phase = Phase.NONE;
  private long since;
  private long lastProgress;
  private long octets;

  ClientDeadline(Duration inactivity, ContentPace pace) {
    if (inactivity.isNegative() || inactivity.isZero()) {
      throw new IllegalArgumentException("the inactivity timeout must be positive, not " + inactivity);
    }
    this.inactivity = inactivity.toNanos();
    this.dataTimeout = pace.dataTimeout().toNanos();
    this.minDataRate = pace.minDataRate();
    this.grace = pace.grace().toNanos();
  }

  /** From {@code now} the server waits for a command line (or an AUTH response line). */
  void awaitCommand(long now) {
    phase = Phase.COMMAND;
    since = now;
  }

  /** From {@code now} the server reads DATA content or one BDAT chunk. */
  void awaitContent(long now) {
    phase = Phase.CONTENT;
    since = now;
    lastProgress = now;
    octets = 0;
  }

  /** By {@code now}, {@code read} octets of the content have arrived; ignored unless content is read. */
  void contentRead(long now, long read) {
    if (phase == Phase.CONTENT && read > octets) {
      octets = read;
      lastProgress = now;
    }
  }

  /** The server is busy: the client owes nothing until the next await. */
  void suspend() {
    phase = Phase.NONE;
  }

  /** The earliest time at which {@link #expiry} can find the client late; {@link #NEVER} if it owes nothing. */
  long due() {
    return switch (phase) {
      case NONE -> NEVER;
      case COMMAND -> plus(since, inactivity);
      case CONTENT -> Math.min(plus(lastProgress, dataTimeout), rateDue());
    };
  }

  // With no more octets, the average octets / (now - since) falls below the minimum at since + octets / minimum.
  private long rateDue() {
    if (minDataRate == 0) {
      return NEVER;
    }
    double fallsBelow = octets * 1e9 / minDataRate;
    return plus(since, Math.max(grace, fallsBelow >= NEVER ? NEVER : (long) fallsBelow));
  }

  /** What the client has failed to do by {@code now}, or empty while it is in time. */
  Optional<Expiry> expiry(long now) {
    if (phase == Phase.COMMAND && now - since >= inactivity) {
      return Optional.of(new Expiry.Inactive());
    }
    if (phase != Phase.CONTENT) {
      return Optional.empty();
    }
    if (now - lastProgress >= dataTimeout) {
      return Optional.of(new Expiry.DataTimeout());
    }
    long elapsed = now - since;
    if (minDataRate > 0 && elapsed >= grace && elapsed > 0 && octets * 1e9 < (double) minDataRate * elapsed) {
      return Optional.of(new Expiry.TooSlow((long) (octets * 1e9 / elapsed)));
    }
    return Optional.empty();
  }

  private static long plus(long time, long nanos) {
    long sum = time + nanos;
    // Overflow (a timeout of centuries): never due.
    return ((time ^ sum) & (nanos ^ sum)) < 0 ? NEVER : sum;
  }
}
