package dev.sluice.it;

import dev.sluice.node.delivery.ScriptedSmtpServer;
import dev.sluice.node.smtp.client.SmtpClient;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded load of messages submitted over SMTP to an entry node, each carrying a Message-ID of its own
 * ({@code <tag-n@load.sluice.test>}), so that a sink can count every message once and its duplicates apart.
 * At most {@code concurrency} sessions at once, each message on a connection of its own, and the whole load
 * bounded by its count and a deadline; a message the node does not take is recorded, never retried (a retry
 * would blur the count).
 *
 * <p>Thread-safe; {@link #start} returns at once and the counters move while the load runs.
 */
public final class CountedLoad implements AutoCloseable {
  private static final Pattern ID = Pattern.compile("(?im)^Message-ID: <([^@>]+)@load\\.sluice\\.test>");

  private final InetSocketAddress entry;
  private final String recipient;
  private final String tag;
  private final int count;
  private final MultiThreadIoEventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final ExecutorService submitters;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger accepted = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final int concurrency;

  /** {@code count} messages {@code tag-1} to {@code tag-count} to {@code recipient} through {@code entry}. */
  public CountedLoad(InetSocketAddress entry, String recipient, String tag, int count, int concurrency) {
    this.entry = entry;
    this.recipient = recipient;
    this.tag = tag;
    this.count = count;
    this.concurrency = concurrency;
    this.submitters = Executors.newFixedThreadPool(concurrency, r -> new Thread(r, "load-" + tag));
  }

  /** Starts submitting; the load ends when every message was tried or {@code limit} has passed. */
  public CountedLoad start(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    SmtpClient client = new SmtpClient(loops, "load.sluice.test", false, Duration.ofSeconds(20));
    for (int t = 0; t < concurrency; t++) {
      submitters.execute(() -> {
        for (int n; (n = next.incrementAndGet()) <= count && System.nanoTime() < deadline; ) {
          submit(client, n);
        }
      });
    }
    submitters.shutdown();
    return this;
  }

  private void submit(SmtpClient client, int n) {
    String id = tag + "-" + n;
    String content = "Message-ID: <" + id + "@load.sluice.test>\r\nFrom: <load@client.test>\r\nTo: <" + recipient
        + ">\r\nSubject: load " + id + "\r\n\r\nmessage " + id + " of a bounded load\r\n";
    try {
      Map<String, SmtpClient.Reply> replies = client.send(entry, new SmtpClient.Message("load@client.test",
          List.of(recipient), content.getBytes(StandardCharsets.US_ASCII))).get(40, TimeUnit.SECONDS);
      if (replies.values().stream().allMatch(SmtpClient.Reply::isSuccess)) {
        accepted.incrementAndGet();
      } else {
        failures.add(id + ": " + replies);
      }
    } catch (Exception e) {
      failures.add(id + ": " + e);
    }
  }

  /** Waits for the load to end; true if it did within {@code patience}. */
  public boolean awaitDone(Duration patience) throws InterruptedException {
    return submitters.awaitTermination(patience.toMillis(), TimeUnit.MILLISECONDS);
  }

  public int accepted() {
    return accepted.get();
  }

  /** The messages the entry node did not take, with why. */
  public List<String> failures() {
    return List.copyOf(failures);
  }

  public String tag() {
    return tag;
  }

  public int count() {
    return count;
  }

  /** How often each load message reached {@code sink}, by its id ({@code tag-n}); other mail is left out. */
  public static Map<String, Integer> deliveries(ScriptedSmtpServer sink) {
    Map<String, Integer> times = new HashMap<>();
    for (ScriptedSmtpServer.Received r : sink.received()) {
      Matcher m = ID.matcher(r.content());
      if (m.find()) {
        times.merge(m.group(1), 1, Integer::sum);
      }
    }
    return times;
  }

  /** The messages {@code sink} took that passed through {@code server} (its Received header says so). */
  public static long deliveredFrom(ScriptedSmtpServer sink, String server) {
    String by = "by " + server.toLowerCase(java.util.Locale.ROOT) + ".sluice.test ";
    return sink.received().stream().filter(r -> r.content().contains(by)).count();
  }

  /** What {@code sink} took, by client address, for a failure's message. */
  public static String bySender(ScriptedSmtpServer sink) {
    Map<String, Integer> by = new java.util.TreeMap<>();
    sink.received().forEach(r -> by.merge(r.clientAddress(), 1, Integer::sum));
    return "sink took " + by;
  }

  /** The ids of this load that never reached the sink. */
  public List<String> missing(Map<String, Integer> deliveries) {
    List<String> ids = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      if (!deliveries.containsKey(tag + "-" + n)) {
        ids.add(tag + "-" + n);
      }
    }
    return ids;
  }

  @Override
  public void close() throws InterruptedException {
    submitters.shutdownNow();
    submitters.awaitTermination(10, TimeUnit.SECONDS);
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
