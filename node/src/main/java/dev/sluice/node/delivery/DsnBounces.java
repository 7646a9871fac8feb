package dev.sluice.node.delivery;

import dev.sluice.node.delivery.dsn.Action;
import dev.sluice.node.delivery.dsn.Dsn;
import dev.sluice.node.delivery.dsn.DsnBuilder;
import dev.sluice.node.delivery.dsn.RecipientOutcome;
import dev.sluice.node.spool.Envelope;
import dev.sluice.node.spool.Recipient;
import dev.sluice.node.spool.Spool;
import dev.sluice.node.spool.SpoolId;
import dev.sluice.node.spool.SpooledMessage;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failed and delayed recipients into RFC 3464 DSNs ({@link DsnBuilder}: never to the null sender, as
 * the recipients' NOTIFY asks) and queues each like any message: stored in the spool from {@code <>} to the
 * original sender, then handed to delivery. The original's content is read at once (the original may leave the
 * spool right after); the DSN's store completes later, and a DSN that cannot be stored is logged, never
 * thrown (delivery goes on).
 */
final class DsnBounces implements Bounces {
  private static final Logger LOG = LoggerFactory.getLogger(DsnBounces.class);
  private static final Pattern SMTP_REPLY = Pattern.compile("[245]\\d\\d( .*)?");

  private final Spool spool;
  private final DsnBuilder builder;
  private final String server;
  private final String fqdn;
  private final Clock clock;
  private final Duration expiration;
  private final Consumer<SpoolId> submit;
  private final DeliveryEvents events;
  private final AtomicLong sequence = new AtomicLong();

  DsnBounces(Spool spool, DsnBuilder builder, String server, String fqdn, Clock clock, Duration expiration,
      Consumer<SpoolId> submit, DeliveryEvents events) {
    this.spool = Objects.requireNonNull(spool, "spool");
    this.builder = Objects.requireNonNull(builder, "builder");
    this.server = Objects.requireNonNull(server, "server");
    this.fqdn = Objects.requireNonNull(fqdn, "FQDN");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.expiration = Objects.requireNonNull(expiration, "expiration");
    this.submit = Objects.requireNonNull(submit, "submit");
    this.events = Objects.requireNonNull(events, "events");
  }

  @Override
  public void report(SpoolId id, Envelope envelope, List<Outcome> outcomes) {
    if (envelope.nullSender() || outcomes.isEmpty()) {
      return;
    }
    try {
      Optional<SpooledMessage> original = spool.read(id);
      ByteBuffer content = original.map(SpooledMessage::content).orElse(ByteBuffer.allocate(0));
      Instant now = clock.instant();
      List<RecipientOutcome> due = new ArrayList<>();
      for (Outcome outcome : outcomes) {
        due.add(toDsn(outcome, envelope.receivedAt().plus(expiration)));
      }
      Optional<Dsn> dsn = builder.build(envelope, content, due, now);
      if (dsn.isEmpty()) {
        return;
      }
      String messageId = "dsn." + Long.toHexString(now.toEpochMilli()) + "." + sequence.incrementAndGet() + "@" + fqdn;
      Envelope notice = new Envelope(messageId, "", List.of(Recipient.of(dsn.get().recipient())), now, "127.0.0.1",
          fqdn, Optional.empty(), server, "", dsn.get().parameters());
      String action = outcomes.get(0).kind() == Outcome.Kind.FAILED ? "failed" : "delayed";
      spool.store(notice, ByteBuffer.wrap(dsn.get().content())).whenComplete((stored, failure) -> {
        if (failure != null) {
          LOG.error("the DSN for message {} to {} could not be stored; the sender is not told", envelope.messageId(),
              envelope.sender(), failure);
          return;
        }
        events.dsnQueued(envelope, messageId, envelope.sender(), action);
        submit.accept(stored);
      });
    } catch (RuntimeException e) {
      LOG.error("no DSN could be made for message {}; the sender is not told", envelope.messageId(), e);
    }
  }

  private static RecipientOutcome toDsn(Outcome outcome, Instant willRetryUntil) {
    String text = outcome.diagnostic().replaceAll("[\\r\\n]+", " ").strip();
    Optional<String> diagnostic = text.isEmpty() ? Optional.empty()
        : Optional.of((SMTP_REPLY.matcher(text).matches() ? "smtp; " : "x-sluice; ") + text);
    Optional<String> remote = outcome.remoteMta().filter(h -> h.matches("[A-Za-z0-9.:-]+"));
    Action action = outcome.kind() == Outcome.Kind.FAILED ? Action.FAILED
        : Action.DELAYED;
    return new RecipientOutcome(outcome.recipient(), action, outcome.status(), remote, diagnostic,
        action == Action.DELAYED ? Optional.of(willRetryUntil) : Optional.empty());
  }
}
