package dev.sluice.node.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real sync (FileChannel.force) that a test can hold back until it releases it, or make fail:
 * how the tests show that no store completes before its sync does.
 */
final class HeldSyncer implements Syncer {
  private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger syncs = new AtomicInteger();
  private final AtomicReference<String> failure = new AtomicReference<>();

  void hold() {
    gate.set(new CountDownLatch(1));
  }

  void release() {
    CountDownLatch held = gate.getAndSet(null);
    if (held != null) {
      held.countDown();
    }
  }

  /** Makes every sync throw, as an fsync that reports EIO does. */
  void failWith(String message) {
    failure.set(message);
  }

  void heal() {
    failure.set(null);
  }

  /** Syncs now blocked in {@link #sync}. */
  int waiting() {
    return waiting.get();
  }

  int syncs() {
    return syncs.get();
  }

  @Override
  public void sync(FileChannel segment) throws IOException {
    CountDownLatch held = gate.get();
    if (held != null) {
      waiting.incrementAndGet();
      try {
        if (!held.await(60, TimeUnit.SECONDS)) {
          throw new IOException("test never released the held sync");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while held", e);
      } finally {
        waiting.decrementAndGet();
      }
    }
    String message = failure.get();
    if (message != null) {
      throw new IOException(message);
    }
    segment.force(false);
    syncs.incrementAndGet();
  }
}
