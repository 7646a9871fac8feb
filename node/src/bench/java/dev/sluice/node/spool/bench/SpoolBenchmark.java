package dev.sluice.node.spool.bench;

import dev.sluice.node.spool.Envelope;
import dev.sluice.node.spool.MailParameters;
import dev.sluice.node.spool.Recipient;
import dev.sluice.node.spool.SegmentLogSpool;
import dev.sluice.node.spool.SpoolConfig;
import dev.sluice.node.spool.SpoolCounters;
import dev.sluice.node.spool.Syncer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Stores 4 KiB messages from concurrent sessions with the real fsync and prints messages per
 * second, syncs per message (group commit at work) and the store latency a 250 waits for.
 *
 * <p>Arguments: the spool directory (emptied first), messages per run (default 20000), and
 * session counts to run (default 1 and 20). Each session stores one message after the other, as
 * an SMTP session does; each run is bounded by its count and by 60 seconds.
 */
public final class SpoolBenchmark {
  private SpoolBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/spool-bench");
    int messages = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int[] sessionCounts = args.length > 2
        ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {1, 20};
    System.out.printf("spool benchmark: %d messages of 4 KiB per run, fsync on, in %s (%s)%n", messages,
        dir.toAbsolutePath(), Files.getFileStore(dir.toAbsolutePath().getParent()).type());
    for (int sessions : sessionCounts) {
      run(dir, sessions, sessions == 1 ? Math.min(messages, 2000) : messages);
    }
  }

  private static void run(Path dir, int sessions, int messages) throws Exception {
    delete(dir);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    ExecutorService completions = Executors.newFixedThreadPool(2);
    ExecutorService threads = Executors.newFixedThreadPool(sessions);
    byte[] content = new byte[4096];
    new Random(1).nextBytes(content);
    long[] latencies = new long[messages];
    AtomicInteger next = new AtomicInteger();
    long deadline = System.nanoTime() + 60_000_000_000L;
    try (SegmentLogSpool spool = SegmentLogSpool.open(SpoolConfig.of(dir).withMinFreeSpace(0), Syncer.FORCE,
        Clock.systemUTC(), scheduler, completions)) {
      long start = System.nanoTime();
      for (int s = 0; s < sessions; s++) {
        threads.execute(() -> {
          for (int n; (n = next.getAndIncrement()) < messages && System.nanoTime() < deadline; ) {
            long begun = System.nanoTime();
            spool.store(envelope(n), ByteBuffer.wrap(content)).join();
            latencies[n] = System.nanoTime() - begun;
          }
        });
      }
      threads.shutdown();
      threads.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
      double seconds = (System.nanoTime() - start) / 1e9;
      SpoolCounters counters = spool.counters();
      long[] done = Arrays.stream(latencies).filter(l -> l > 0).sorted().toArray();
      System.out.printf("%2d sessions: %,8d messages in %6.2f s = %,9.0f messages/s, %.4f syncs per message"
              + " (%,d syncs), store latency p50 %.2f ms p99 %.2f ms%n",
          sessions, done.length, seconds, done.length / seconds, (double) counters.syncs() / counters.stored(),
          counters.syncs(), done[done.length / 2] / 1e6, done[(int) (done.length * 0.99)] / 1e6);
    } finally {
      scheduler.shutdownNow();
      completions.shutdownNow();
      delete(dir);
    }
  }

  private static Envelope envelope(int n) {
    return new Envelope("bench-" + n, "sender@example.com", List.of(Recipient.of("rcpt" + n + "@contoso.com")),
        Instant.now(), "192.0.2.1", "client.example", Optional.empty(), "HUB1", "Default HUB1", MailParameters.NONE);
  }

  private static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }
}
