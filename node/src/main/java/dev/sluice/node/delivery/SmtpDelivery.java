package dev.sluice.node.delivery;

import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.node.smtp.client.SmtpClient;
import dev.sluice.node.spool.SpooledMessage;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.firewall.HeaderFirewall;
import io.netty.channel.EventLoopGroup;
import dev.sluice.node.smtp.client.ProtocolListener;
import dev.sluice.node.smtp.client.SmtpConnection;
import dev.sluice.node.spool.Envelope;
import dev.sluice.node.spool.MailParameters;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Delivers a queue over SMTP: the next hop's hosts in order ({@link NextHopHosts}), each address tried in
 * turn until one takes the conversation; once one does, the session keeps sending the queue's ready items
 * there. A failure that concerns the host rather than the message (no connection, {@code 421}, or a
 * network or security status {@code 4.4.x} or {@code 4.7.x}: TLS required but not offered, a certificate
 * with the wrong name, a refused login) moves on to the next address; when none is left, the queue goes
 * into Retry with the message untouched. Every other reply decides the recipients it answers. Headers leave
 * as the header firewall allows the session's principal ({@link SessionPlan#rights()}).
 */
final class SmtpDelivery implements DeliverySession {
  private final NextHopHosts hosts;
  private final SessionPlans plans;
  private final EventLoopGroup group;
  private final Optional<ProtocolListener> protocolLog;
  private final IntConsumer activeConnections;

  SmtpDelivery(NextHopHosts hosts, SessionPlans plans, EventLoopGroup group, Optional<ProtocolListener> protocolLog,
      IntConsumer activeConnections) {
    this.hosts = Objects.requireNonNull(hosts, "hosts");
    this.plans = Objects.requireNonNull(plans, "plans");
    this.group = Objects.requireNonNull(group, "event loops");
    this.protocolLog = Objects.requireNonNull(protocolLog, "protocol log");
    this.activeConnections = Objects.requireNonNull(activeConnections, "connection counter");
  }

  @Override
  public void run(Lease lease) {
    Optional<QueuedItem> first = lease.take();
    while (first.isPresent()) {
      QueuedItem item = first.get();
      RoutingDecision decision = lease.currentDecision(item);
      Optional<DirectorySnapshot> snapshot = lease.snapshot();
      if (snapshot.isEmpty()) {
        lease.unreachable(item, "the directory has not loaded yet");
        return;
      }
      NextHopHosts.Hosts found = hosts.resolve(decision, snapshot.get());
      if (found instanceof NextHopHosts.Hosts.Permanent p) {
        lease.failed(item, p.enhancedStatus(), p.reason());
        first = lease.take();
        continue;
      }
      if (found instanceof NextHopHosts.Hosts.Unavailable u) {
        lease.unreachable(item, u.reason());
        return;
      }
      deliver(lease, item, ((NextHopHosts.Hosts.Found) found).hosts(), plans.plan(decision));
      return;
    }
  }

  /**
   * Sends {@code firstItem}, then whatever else is ready, over one connection to the first host that takes the
   * conversation; the session ends when that connection has carried SmtpMaxMessagesPerConnection messages or
   * closed, and the queue's next session balances afresh.
   */
  private void deliver(Lease lease, QueuedItem firstItem, List<NextHopHosts.Host> candidates,
      SessionPlan plan) {
    QueuedItem item = firstItem;
    String lastError = "no host answered";
    for (NextHopHosts.Host host : candidates) {
      SmtpClient client = new SmtpClient(group, plan.settingsFor(host.name()), protocolLog, activeConnections);
      boolean connected = false;
      SmtpConnection connection = null;
      try {
        while (item != null) {
          Optional<SpooledMessage> message = lease.read(item);
          if (message.isEmpty()) {
            lease.giveBack(item);
            return;
          }
          if (connection == null || !connection.reusable()) {
            if (connection != null) {
              connection.close();
            }
            connection = await(client.open(host.address()), plan);
          }
          byte[] content = HeaderFirewall.filter(message.get().contentBytes(), plan.rights());
          Map<String, SmtpClient.Reply> replies = send(connection, item, content, plan);
          Optional<String> hostProblem = hostProblem(replies);
          if (hostProblem.isPresent()) {
            lastError = host.name() + " [" + host.address().getAddress().getHostAddress() + "]: " + hostProblem.get();
            if (connected) {
              // The host took earlier messages: this one goes back as it was, and a later session tries again.
              lease.giveBack(item);
              return;
            }
            break;
          }
          if (!connected) {
            connected = true;
            lease.connected();
          }
          lease.outcome(item, host.name(), replies);
          // A connection that has carried SmtpMaxMessagesPerConnection ends the session: the queue's next
          // session starts one step further round the rotation, so a long queue spreads over its hosts.
          item = connection.reusable() ? lease.take().orElse(null) : null;
        }
      } finally {
        if (connection != null) {
          connection.close();
        }
        if (connected) {
          lease.disconnected();
        }
      }
      if (item == null) {
        return;
      }
    }
    lease.unreachable(item, lastError);
  }

  private static SmtpConnection await(CompletableFuture<SmtpConnection> opening, SessionPlan plan) {
    try {
      // The client bounds the connect and every reply itself; this bound only guards against a bug there.
      return opening.get(plan.settings().replyTimeout().toMillis() * 4 + 60_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the SMTP client did not open a connection: " + e, e);
    }
  }

  private static Map<String, SmtpClient.Reply> send(SmtpConnection connection, QueuedItem item, byte[] content,
      SessionPlan plan) {
    Envelope envelope = item.envelope;
    SmtpClient.Message message = new SmtpClient.Message(envelope.sender(), List.copyOf(item.recipients), content,
        envelope.parameters().body().orElse(MailParameters.Body.SEVEN_BIT), envelope.parameters().envelopeId(),
        envelope.parameters().ret());
    try {
      return connection.send(message).get(plan.settings().replyTimeout().toMillis() * 20 + 60_000,
          TimeUnit.MILLISECONDS).replies();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failAll(item, "interrupted");
    } catch (ExecutionException | TimeoutException e) {
      return failAll(item, "the SMTP client gave no answer: " + e);
    }
  }

  private static Map<String, SmtpClient.Reply> failAll(QueuedItem item, String why) {
    return item.addresses().stream().collect(java.util.stream.Collectors.toMap(a -> a,
        a -> new SmtpClient.Reply(421, "4.4.0 " + why), (a, b) -> a, java.util.LinkedHashMap::new));
  }

  /** The trouble, when every recipient got the same reply and it is about the host, not the message. */
  static Optional<String> hostProblem(Map<String, SmtpClient.Reply> replies) {
    if (replies.isEmpty()) {
      return Optional.of("no reply");
    }
    SmtpClient.Reply first = replies.values().iterator().next();
    boolean same = replies.values().stream().allMatch(r -> r.code() == first.code() && r.text().equals(first.text()));
    boolean aboutHost = first.code() == 421
        || first.code() >= 400 && first.code() < 500 && (first.text().startsWith("4.4.") || first.text().startsWith("4.7."));
    return same && aboutHost ? Optional.of(first.code() + " " + first.text()) : Optional.empty();
  }
}
