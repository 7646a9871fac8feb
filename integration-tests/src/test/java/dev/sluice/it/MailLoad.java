package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.node.smtp.client.SmtpClient;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load of submissions into a node: a fixed count of one-recipient messages, a few SMTP client
 * sessions at a time, within a deadline. Every message must be accepted; the first refusal or the deadline
 * fails the test with what went wrong.
 *
 * <p>Thread-safe; one instance may feed several loads at once. {@link #close} stops its event loop.
 */
final class MailLoad implements AutoCloseable {
  private final MultiThreadIoEventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final AtomicInteger accepted = new AtomicInteger();

  /** Messages accepted so far by every load of this instance. */
  int accepted() {
    return accepted.get();
  }

  /**
   * Submits {@code count} messages to {@code node}, numbered {@code first} on, to {@code m<i>@<domain>}, at most
   * {@code concurrency} at a time, all within {@code atMost}.
   */
  void submit(InetSocketAddress node, String domain, int first, int count, int concurrency, Duration atMost)
      throws Exception {
    SmtpClient client = new SmtpClient(loops, "client.test", false, Duration.ofSeconds(10));
    Semaphore slots = new Semaphore(concurrency);
    ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
    long deadline = System.nanoTime() + atMost.toNanos();
    for (int i = first; i < first + count && refused.isEmpty(); i++) {
      long left = deadline - System.nanoTime();
      assertThat(left > 0 && slots.tryAcquire(left, TimeUnit.NANOSECONDS))
          .as("message %d of %d submitted within %s", i - first + 1, count, atMost).isTrue();
      String content = "From: <a@client.test>\r\nSubject: load " + i + "\r\n\r\nmessage " + i + "\r\n";
      CompletableFuture<Map<String, SmtpClient.Reply>> sent = client.send(node, new SmtpClient.Message(
          "a@client.test", List.of("m" + i + "@" + domain), content.getBytes(StandardCharsets.US_ASCII)));
      int n = i;
      sent.whenComplete((replies, error) -> {
        if (error != null) {
          refused.add("message " + n + ": " + error);
        } else if (!replies.values().stream().allMatch(SmtpClient.Reply::isSuccess)) {
          refused.add("message " + n + ": " + replies);
        } else {
          accepted.incrementAndGet();
        }
        slots.release();
      });
    }
    long left = Math.max(0, deadline - System.nanoTime());
    assertThat(slots.tryAcquire(concurrency, left, TimeUnit.NANOSECONDS))
        .as("the last submissions answered within %s", atMost).isTrue();
    assertThat(refused).as("submissions the node refused").isEmpty();
  }

  @Override
  public void close() {
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
