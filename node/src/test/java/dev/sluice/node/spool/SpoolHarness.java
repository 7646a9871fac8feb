package dev.sluice.node.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/** Opens spools for a test in one directory and closes them, with test envelopes and contents. */
final class SpoolHarness implements AutoCloseable {
  final Path dir;
  final HeldSyncer syncer = new HeldSyncer();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<SegmentLogSpool> opened = new ArrayList<>();
  private SpoolConfig config;

  SpoolHarness(Path dir) {
    this.dir = dir;
    this.config = SpoolConfig.of(dir).withMinFreeSpace(0).withProbeInterval(Duration.ofMillis(50));
  }

  SpoolHarness with(SpoolConfig changed) {
    this.config = changed;
    return this;
  }

  SpoolConfig config() {
    return config;
  }

  SegmentLogSpool open() throws IOException {
    SegmentLogSpool spool = SegmentLogSpool.open(config, syncer, Clock.systemUTC(), scheduler, Runnable::run);
    opened.add(spool);
    return spool;
  }

  static Envelope envelope(int n) {
    return new Envelope("msg-" + n, n % 5 == 0 ? "" : "sender" + n + "@example.com",
        List.of(Recipient.of("rcpt" + n + "@contoso.com"),
            new Recipient("other" + n + "@fabrikam.com", Set.of(Recipient.Notify.FAILURE, Recipient.Notify.DELAY),
                Optional.of("rfc822;other" + n + "@fabrikam.com"))),
        Instant.parse("2026-01-02T03:04:05.123456789Z").plusSeconds(n), "192.0.2." + (n % 250), "client.example",
        Optional.of("user" + n), "HUB1", "Default HUB1", MailParameters.NONE);
  }

  /** Content that tells its message apart from every other: its number, then seeded bytes. */
  static byte[] content(int n, int size) {
    byte[] bytes = new byte[size];
    new Random(n).nextBytes(bytes);
    byte[] label = ("msg-" + n + "\r\n").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(label, 0, bytes, 0, Math.min(label.length, size));
    return bytes;
  }

  static SpoolId store(Spool spool, int n, int size) {
    return spool.store(envelope(n), ByteBuffer.wrap(content(n, size))).join();
  }

  Path segment(long number) {
    return dir.resolve("segments").resolve(Segment.fileName(number));
  }

  List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("segments"))) {
      return files.sorted().toList();
    }
  }

  /** The newest segment file: the one the spool writes to. */
  Path lastSegment() throws IOException {
    List<Path> segments = segments();
    return segments.get(segments.size() - 1);
  }

  /**
   * Copies segment 1 of the spool in {@code original} to a new spool directory {@code copy}, cut
   * to {@code length} bytes as a crash mid-write leaves it; returns the copied segment.
   */
  static Path cutCopy(Path original, Path copy, long length) throws IOException {
    Files.createDirectories(copy.resolve("segments"));
    Path segment = copy.resolve("segments").resolve(Segment.fileName(1));
    Files.copy(original.resolve("segments").resolve(Segment.fileName(1)), segment);
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.truncate(length);
    }
    return segment;
  }

  List<Path> quarantined() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("quarantine"))) {
      return files.sorted().toList();
    }
  }

  @Override
  public void close() {
    syncer.release();
    opened.forEach(SegmentLogSpool::close);
    scheduler.shutdownNow();
  }
}
