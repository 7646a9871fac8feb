package dev.sluice.node.spool;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The process SpoolCrashIT kills in the middle of delivery attempts. It opens the spool and prints
 * {@code COUNT <message number> <crash count> <completed recipients>} for each message, then, on
 * an empty spool, stores messages 1 to 3, begins an attempt for all three and ends the one for 3
 * (made durable by a completion of 3's first recipient, which the END rides with); on a spool that
 * has them, it begins an attempt for 1 only. Then it prints {@code READY} and waits to be killed.
 *
 * <p>Arguments: the spool directory.
 */
public final class SpoolAttemptChild {
  private SpoolAttemptChild() {}

  public static void main(String[] args) throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    // A long probe interval: no idle flush writes an END behind the parent's back.
    SegmentLogSpool spool = SegmentLogSpool.open(
        SpoolConfig.of(Path.of(args[0])).withMinFreeSpace(0).withProbeInterval(Duration.ofMinutes(10)),
        Syncer.FORCE, Clock.systemUTC(), scheduler, Runnable::run);
    List<SpoolId> ids = spool.ids();
    for (SpoolId id : ids) {
      SpooledMessage message = spool.read(id).orElseThrow();
      System.out.println("COUNT " + message.envelope().messageId().substring(4) + " " + message.crashCount() + " "
          + message.completed().size());
    }
    if (ids.isEmpty()) {
      List<SpoolId> stored = List.of(SpoolHarness.store(spool, 1, 500), SpoolHarness.store(spool, 2, 500),
          SpoolHarness.store(spool, 3, 500));
      spool.beginAttempt(stored).join();
      spool.endAttempt(List.of(stored.get(2)));
      spool.complete(stored.get(2), List.of("rcpt3@contoso.com")).join();
    } else {
      spool.beginAttempt(List.of(ids.get(0))).join();
    }
    System.out.println("READY");
    System.out.flush();
    // Blocks until the parent kills the process (it never writes to our stdin).
    System.in.read();
  }
}
