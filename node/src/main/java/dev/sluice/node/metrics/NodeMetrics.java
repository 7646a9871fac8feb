package dev.sluice.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.Member;
import dev.sluice.routing.balance.Liveness;
import dev.sluice.routing.model.SendConnector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * The node's meters, by the names dashboards rely on (the list, prefix {@code sluice_}), in one
 * Prometheus registry with the JVM's meters beside them.
 *
 * <p>Thread-safe. Gauges read their value when scraped through the suppliers given to
 * {@link #bindDirectory} and {@link #bindSpool}, so that nothing on the hot path updates them.
 */
public final class NodeMetrics implements AutoCloseable {
  /** The two directions of an SMTP session. */
  public enum Direction { INBOUND, OUTBOUND }

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter messagesReceived;
  private final ConcurrentMap<Integer, Counter> replies = new ConcurrentHashMap<>();
  private final ConcurrentMap<Direction, AtomicInteger> sessions = new ConcurrentHashMap<>();
  private final Timer spoolSync;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Counter dsnSent;
  private final Timer deliveryDuration;
  private final MultiGauge queueDepths;
  private volatile Supplier<Map<List<String>, Integer>> depths;
  private final MultiGauge members;
  private final MultiGauge sourceServersUp;
  private volatile Supplier<Optional<DirectorySnapshot>> cluster;

  public NodeMetrics() {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    // Netty's pooled allocator holds the SMTP server's buffers; a leak shows as memory that only grows.
    new NettyAllocatorMetrics(PooledByteBufAllocator.DEFAULT).bindTo(registry);
    messagesReceived = Counter.builder("sluice.messages.received")
        .description("Messages accepted (answered 250 at the end of data)")
        .register(registry);
    for (Direction d : Direction.values()) {
      AtomicInteger active = new AtomicInteger();
      sessions.put(d, active);
      Gauge.builder("sluice.smtp.sessions.active", active, AtomicInteger::get)
          .description("SMTP sessions open now")
          .tags(Tags.of("direction", d.name().toLowerCase(java.util.Locale.ROOT)))
          .register(registry);
    }
    spoolSync = Timer.builder("sluice.spool.sync.duration")
        .description("How long one group-committed sync of the spool took")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
    dsnSent = Counter.builder("sluice.dsn.sent").description("Delivery status notifications queued to senders")
        .register(registry);
    deliveryDuration = Timer.builder("sluice.delivery.duration")
        .description("From the receipt of a message to its next hop's 250")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofDays(2))
        .register(registry);
    queueDepths = MultiGauge.builder("sluice.queue.messages")
        .description("Messages in the node's queues, by connector and delivery type").register(registry);
    members = MultiGauge.builder("sluice.directory.members")
        .description("Live members this node sees in its directory snapshot, by role and site").register(registry);
    sourceServersUp = MultiGauge.builder("sluice.source.server.up")
        .description("1 when this node routes with the source server as alive, by Send connector and server")
        .register(registry);
  }

  /** The registry, for other components' meters (Netty's, delivery's later). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public void messageReceived() {
    messagesReceived.increment();
  }

  /** Counts one SMTP reply sent, by its code. */
  public void reply(int code) {
    replies.computeIfAbsent(code, c -> Counter.builder("sluice.smtp.replies")
        .description("SMTP replies sent, by code")
        .tags(Tags.of("code", Integer.toString(c)))
        .register(registry)).increment();
  }

  public void sessionOpened(Direction direction) {
    sessions.get(direction).incrementAndGet();
  }

  public void sessionClosed(Direction direction) {
    sessions.get(direction).decrementAndGet();
  }

  /** Records one spool sync of {@code nanos}. */
  public void spoolSynced(long nanos) {
    spoolSync.record(Duration.ofNanos(nanos));
  }

  // Gauges hold their suppliers strongly: Micrometer's default weak reference lets a lambda be
  // collected, and the gauge then reads NaN.

  /** The spool's gauge: messages it holds. */
  public void bindSpool(DoubleSupplier messages) {
    Gauge.builder("sluice.spool.messages", messages, DoubleSupplier::getAsDouble).strongReference(true).description("Messages held in the spool").register(registry);
  }

  /**
   * The directory's gauges: connected (1 or 0), the age of the snapshot in use in seconds, and the stored
   * objects the snapshot could not use (those kept at their last valid version included).
   */
  public void bindDirectory(DoubleSupplier connected, DoubleSupplier snapshotAgeSeconds, DoubleSupplier invalidObjects) {
    Gauge.builder("sluice.directory.connected", connected, DoubleSupplier::getAsDouble).strongReference(true)
        .description("1 while the ZooKeeper session is connected").register(registry);
    Gauge.builder("sluice.directory.snapshot.age", snapshotAgeSeconds, DoubleSupplier::getAsDouble).strongReference(true).baseUnit("seconds")
        .description("Seconds since the directory snapshot in use was published").register(registry);
    Gauge.builder("sluice.directory.invalid.objects", invalidObjects, DoubleSupplier::getAsDouble).strongReference(true)
        .description("Stored directory objects that failed to parse or validate").register(registry);
  }

  /** The pending tasks of the SMTP server's event loops: a loop that falls behind is a blocked loop. */
  public void bindSmtpEventLoops(Iterable<EventExecutor> eventLoops) {
    new NettyEventExecutorMetrics(eventLoops, Tags.of("pool", "smtp")).bindTo(registry);
  }

  /** Counts one delivery to a next hop (a message's recipients of one queue) and times it from receipt. */
  public void delivered(String connector, Duration sinceReceipt) {
    outcome("sluice.messages.delivered", "Messages handed to their next hop (250), by connector", connector);
    deliveryDuration.record(sinceReceipt.isNegative() ? Duration.ZERO : sinceReceipt);
  }

  /** Counts one deferral: a 4xx, or a next hop that could not be reached. */
  public void deferred(String connector) {
    outcome("sluice.messages.deferred", "Deliveries deferred for a retry (4xx or next hop unreachable), by connector",
        connector);
  }

  /** Counts one failure for good (a 5xx, no route, expiry). */
  public void failed(String connector) {
    outcome("sluice.messages.failed", "Deliveries that failed for good (5xx, no route, expiry), by connector",
        connector);
  }

  /** Counts one message relayed to {@code server}, another node of the organization, for {@code connector}. */
  public void relayed(String connector, String server) {
    Counter.builder("sluice.relay.messages")
        .description("Messages this node relayed to another node, by connector and the server it went to")
        .tags(Tags.of("connector", connector, "server", server)).register(registry).increment();
  }

  public void dsnSent() {
    dsnSent.increment();
  }

  private void outcome(String name, String description, String connector) {
    Counter.builder(name).description(description).tags(Tags.of("connector", connector)).register(registry)
        .increment();
  }

  /**
   * The queues' gauges: items queued by connector and delivery type ({@code sluice_queue_messages}, never
   * per destination domain), and the SMTP client connections open.
   */
  public void bindQueues(Supplier<Map<List<String>, Integer>> depths, DoubleSupplier clientConnections) {
    this.depths = depths;
    Gauge.builder("sluice.smtp.client.connections.active", clientConnections, DoubleSupplier::getAsDouble)
        .strongReference(true).description("SMTP client connections open to next hops").register(registry);
  }

  /**
   * The cluster's gauges, read from the snapshot the node routes with: the members it sees by role and site,
   * and for each source server of each enabled Send connector whether it is alive (its member znode is in
   * the snapshot). A member that leaves drops from the first and reads 0 in the second.
   */
  public void bindCluster(Supplier<Optional<DirectorySnapshot>> snapshots) {
    this.cluster = snapshots;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    Supplier<Map<List<String>, Integer>> d = depths;
    if (d != null) {
      List<MultiGauge.Row<?>> rows = new ArrayList<>();
      d.get().forEach((key, count) -> rows.add(
          MultiGauge.Row.of(Tags.of("connector", key.get(0), "delivery_type", key.get(1)), count)));
      queueDepths.register(rows, true);
    }
    Supplier<Optional<DirectorySnapshot>> c = cluster;
    if (c != null) {
      Optional<DirectorySnapshot> snapshot = c.get();
      members.register(snapshot.map(NodeMetrics::memberRows).orElse(List.of()), true);
      sourceServersUp.register(snapshot.map(NodeMetrics::sourceServerRows).orElse(List.of()), true);
    }
    return registry.scrape();
  }

  private static List<MultiGauge.Row<?>> memberRows(DirectorySnapshot snapshot) {
    Map<Tags, Integer> counts = new LinkedHashMap<>();
    for (Member m : snapshot.members().values()) {
      counts.merge(Tags.of("role", m.role().name().toLowerCase(Locale.ROOT), "site", m.site()), 1, Integer::sum);
    }
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    counts.forEach((tags, count) -> rows.add(MultiGauge.Row.of(tags, count)));
    return rows;
  }

  private static List<MultiGauge.Row<?>> sourceServerRows(DirectorySnapshot snapshot) {
    Liveness live = snapshot.liveness();
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (SendConnector connector : snapshot.config().sendConnectors()) {
      if (connector.enabled()) {
        for (String server : connector.sourceTransportServers()) {
          rows.add(MultiGauge.Row.of(Tags.of("connector", connector.name(), "server", server),
              live.isLive(server) ? 1 : 0));
        }
      }
    }
    return rows;
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
