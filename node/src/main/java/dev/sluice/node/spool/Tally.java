package dev.sluice.node.spool;

import java.util.concurrent.atomic.AtomicLong;

/** The spool's running totals; thread-safe. */
final class Tally {
  final AtomicLong stored = new AtomicLong();
  final AtomicLong removed = new AtomicLong();
  final AtomicLong refused = new AtomicLong();
  final AtomicLong syncs = new AtomicLong();
  final AtomicLong bytesWritten = new AtomicLong();
  final AtomicLong segmentsDeleted = new AtomicLong();

  SpoolCounters snapshot() {
    return new SpoolCounters(stored.get(), removed.get(), refused.get(), syncs.get(), bytesWritten.get(),
        segmentsDeleted.get());
  }
}
