package dev.sluice.node.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.node.spool.Envelope;
import dev.sluice.node.spool.MailParameters;
import dev.sluice.node.spool.Recipient;
import dev.sluice.node.spool.SpoolId;
import dev.sluice.routing.decision.RoutingDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueuedItemTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final Duration RETRY = Duration.ofMinutes(1);

  private static QueuedItem item() {
    Envelope envelope = new Envelope("m1@node.test", "a@client.test", List.of(Recipient.of("x@example.org")), NOW,
        "127.0.0.1", "client.test", Optional.empty(), "HUB1", "Default HUB1", MailParameters.NONE);
    return new QueuedItem(SpoolId.parse("0000000100000001"), envelope, 10, new RoutingDecision.Deferred("test"),
        envelope.recipients());
  }

  @Test
  void aDeferredItemWaitsItsRetryIntervalButNotAClockStepBackOnTop() {
    QueuedItem item = item();
    assertThat(item.ready(NOW, RETRY)).isTrue();
    item.notBefore = NOW.plus(RETRY);
    assertThat(item.ready(NOW, RETRY)).isFalse();
    assertThat(item.ready(NOW.plusSeconds(59), RETRY)).isFalse();
    assertThat(item.ready(NOW.plus(RETRY), RETRY)).isTrue();
    // The clock went back an hour after the deferral: waiting 61 minutes now would be the step, not the interval.
    assertThat(item.ready(NOW.minus(Duration.ofHours(1)), RETRY)).isTrue();
    item.active = true;
    assertThat(item.ready(NOW.plus(RETRY), RETRY)).isFalse();
  }
}
