package dev.sluice.node.admin;

import dev.sluice.node.delivery.queue.MessageInfo;
import dev.sluice.node.delivery.queue.MessageStatus;
import dev.sluice.node.delivery.queue.QueueAdmin;
import dev.sluice.node.delivery.queue.QueueInfo;
import dev.sluice.node.delivery.queue.QueueStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A QueueAdmin over queues held in a map, for the tests of the admin endpoint and the CLI verbs (the real
 * queue manager has its own tests): suspend and resume change the status, retry clears the retry time, and
 * every verb is remembered in {@link #calls()}. Thread-safe by one lock; {@link #failWith} makes every call throw.
 */
public final class InMemoryQueueAdmin implements QueueAdmin {
  public static final Instant RECEIVED = Instant.parse("2026-05-01T09:58:00Z");
  public static final Instant NEXT_RETRY = Instant.parse("2026-05-01T10:05:00Z");

  private final Map<String, QueueInfo> queues = new LinkedHashMap<>();
  private final List<MessageInfo> messages = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();
  private RuntimeException failure;

  /** The queues of server {@code server}: a smart host queue in Retry with one message, and Unreachable. */
  public static InMemoryQueueAdmin of(String server) {
    InMemoryQueueAdmin admin = new InMemoryQueueAdmin();
    String q3 = server + "\\3";
    admin.add(new QueueInfo(q3, "SmartHostConnectorDelivery", "contoso.com", "To Internet", QueueStatus.RETRY, 1,
        Optional.of(NEXT_RETRY), Optional.of(NEXT_RETRY.minusSeconds(300)),
        Optional.of("451 4.4.0 smarthost.contoso.com: connection refused")));
    admin.add(new QueueInfo(server + "\\Unreachable", "Unreachable", "", "", QueueStatus.READY, 1, Optional.empty(),
        Optional.empty(), Optional.empty()));
    admin.messages.add(new MessageInfo(q3 + "\\17", "<17@hub1>", "kim@fabrikam.com", 2048, MessageStatus.RETRY, q3,
        RECEIVED, List.of("ann@contoso.com", "bob@contoso.com"), 2, Optional.of("451 4.4.0 connection refused")));
    admin.messages.add(new MessageInfo(server + "\\Unreachable\\18", "<18@hub1>", "", 512, MessageStatus.READY,
        server + "\\Unreachable", RECEIVED, List.of("eve@nowhere.example"), 0, Optional.empty()));
    return admin;
  }

  public synchronized void add(QueueInfo queue) {
    queues.put(queue.identity().toLowerCase(Locale.ROOT), queue);
  }

  /** Makes every later call throw {@code e}, as a broken queue manager would. */
  public synchronized void failWith(RuntimeException e) {
    failure = e;
  }

  /** The verbs received, as "suspend HUB1\3". */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  @Override
  public synchronized List<QueueInfo> queues() {
    check();
    return List.copyOf(queues.values());
  }

  @Override
  public synchronized List<MessageInfo> messages(Optional<String> queueIdentity) throws UnknownQueueException {
    check();
    if (queueIdentity.isEmpty()) {
      return List.copyOf(messages);
    }
    String queue = find(queueIdentity.get()).identity();
    return messages.stream().filter(m -> m.queue().equals(queue)).toList();
  }

  @Override
  public synchronized QueueInfo retry(String queueIdentity) throws UnknownQueueException {
    QueueInfo q = find(queueIdentity);
    return put("retry", with(q, q.status() == QueueStatus.SUSPENDED ? QueueStatus.SUSPENDED : QueueStatus.READY,
        Optional.empty()));
  }

  @Override
  public synchronized QueueInfo suspend(String queueIdentity) throws UnknownQueueException {
    QueueInfo q = find(queueIdentity);
    return put("suspend", with(q, QueueStatus.SUSPENDED, q.nextRetryTime()));
  }

  @Override
  public synchronized QueueInfo resume(String queueIdentity) throws UnknownQueueException {
    QueueInfo q = find(queueIdentity);
    return put("resume", with(q, q.nextRetryTime().isPresent() ? QueueStatus.RETRY : QueueStatus.READY,
        q.nextRetryTime()));
  }

  private QueueInfo find(String identity) throws UnknownQueueException {
    check();
    QueueInfo q = queues.get(identity.toLowerCase(Locale.ROOT));
    if (q == null) {
      throw new UnknownQueueException(identity);
    }
    return q;
  }

  private QueueInfo put(String verb, QueueInfo q) {
    calls.add(verb + " " + q.identity());
    add(q);
    return q;
  }

  private static QueueInfo with(QueueInfo q, QueueStatus status, Optional<Instant> nextRetry) {
    return new QueueInfo(q.identity(), q.deliveryType(), q.nextHopDomain(), q.connector(), status, q.messageCount(),
        nextRetry, q.lastRetryTime(), q.lastError());
  }

  private void check() {
    if (failure != null) {
      throw failure;
    }
  }
}
