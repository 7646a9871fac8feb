package dev.sluice.node.delivery.postfix;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * Postfix's {@code smtp-sink} on one loopback address: it answers 250 to everything and writes each mail
 * transaction into a file of its own in a dump directory (its {@code X-Rcpt-Args} lines, then the message
 * as it arrived), which is what a test reads to see what reached the end of the line.
 *
 * <p>Not thread-safe. {@link #close} ends the process.
 */
public final class SmtpSink implements AutoCloseable {
  private static final Path SMTP_SINK = Path.of("/usr/sbin/smtp-sink");

  private final Process process;
  private final Path dumps;
  private final Path output;

  private SmtpSink(Process process, Path dumps, Path output) {
    this.process = process;
    this.dumps = dumps;
    this.output = output;
  }

  /** Starts smtp-sink on {@code listen}, dumping into {@code dir}; returns once it accepts connections. */
  public static SmtpSink start(Path dir, InetSocketAddress listen) throws IOException {
    Path dumps = Files.createDirectories(dir.resolve("dumps"));
    Path output = dir.resolve("smtp-sink.out");
    // -u is required of root; the dump template's time and its random suffix keep the files apart.
    Process process = new ProcessBuilder(SMTP_SINK.toString(), "-u", "root", "-d", dumps + "/%Y%m%d%H%M%S.",
        listen.getHostString() + ":" + listen.getPort(), "10")
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    SmtpSink sink = new SmtpSink(process, dumps, output);
    try {
      Awaitility.await("smtp-sink listening on " + listen).atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("smtp-sink exited: " + Files.readString(output));
            }
            return accepts(listen);
          });
      return sink;
    } catch (RuntimeException e) {
      sink.close();
      throw e;
    }
  }

  private static boolean accepts(InetSocketAddress listen) {
    try (Socket s = new Socket()) {
      s.connect(listen, 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Every transaction dumped so far, complete or still being written. */
  public List<String> dumps() throws IOException {
    try (Stream<Path> files = Files.list(dumps)) {
      return files.sorted().map(SmtpSink::read).toList();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  /** What smtp-sink printed (its complaints, if any). */
  public String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(smtp-sink's output cannot be read: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
