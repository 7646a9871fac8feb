package dev.sluice.node.spool;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;

/**
 * The process SpoolCrashIT kills: it stores messages from 8 concurrent "sessions" with the real
 * sync, and prints {@code ACK <message number> <spool id>} only once a store has completed, that
 * is, once it would have answered 250.
 *
 * <p>Arguments: the spool directory, the first message number, how many messages at most.
 */
public final class SpoolCrashChild {
  private SpoolCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int first = Integer.parseInt(args[1]);
    int count = Integer.parseInt(args[2]);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    SegmentLogSpool spool = SegmentLogSpool.open(
        SpoolConfig.of(dir).withMinFreeSpace(0).withSegmentSize(256 << 10), Syncer.FORCE, Clock.systemUTC(),
        scheduler, Runnable::run);
    System.out.println("OPEN " + spool.ids().size());
    System.out.flush();
    Semaphore sessions = new Semaphore(8);
    for (int n = first; n < first + count; n++) {
      sessions.acquire();
      int message = n;
      spool.store(SpoolHarness.envelope(message), ByteBuffer.wrap(SpoolHarness.content(message, 1000 + message % 3000)))
          .whenComplete((id, failure) -> {
            if (id != null) {
              synchronized (System.out) {
                System.out.println("ACK " + message + " " + id);
                System.out.flush();
              }
            }
            sessions.release();
          });
    }
    spool.close();
    scheduler.shutdownNow();
    System.out.println("DONE");
  }
}
