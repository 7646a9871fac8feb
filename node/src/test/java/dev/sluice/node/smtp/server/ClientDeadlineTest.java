package dev.sluice.node.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The client's deadlines with made-up times (in milliseconds, as nanoseconds): inactivity 1 s, data timeout
 * 2 s, at least 1,000 octets a second after a grace of 3 s.
 */
class ClientDeadlineTest {
  private static final long MS = 1_000_000L;
  private static final long START = 7_000 * MS;

  private final ClientDeadline deadline = new ClientDeadline(Duration.ofSeconds(1),
      new ContentPace(Duration.ofSeconds(2), 1_000, Duration.ofSeconds(3)));

  private static long at(long ms) {
    return START + ms * MS;
  }

  @Test
  void aWholeCommandIsDueWithinTheInactivityTimeoutOfTheStartOfTheWait() {
    deadline.awaitCommand(at(0));
    assertThat(deadline.due()).isEqualTo(at(1_000));
    assertThat(deadline.expiry(at(999))).isEmpty();
    // Octets of a command trickled meanwhile change nothing: the deadline is the request's (row 43).
    deadline.contentRead(at(500), 3);
    assertThat(deadline.expiry(at(1_000))).containsInstanceOf(ClientDeadline.Expiry.Inactive.class);
    deadline.awaitCommand(at(1_200));
    assertThat(deadline.expiry(at(1_300))).isEmpty();
  }

  @Test
  void contentIsDueWithinTheDataTimeoutOfTheLastOctets() {
    deadline.awaitContent(at(0));
    assertThat(deadline.due()).isEqualTo(at(2_000));
    deadline.contentRead(at(1_500), 4_000);
    // 4,000 octets keep the average at 1,000/s until 4 s, but the data timeout strikes at 1.5 s + 2 s.
    assertThat(deadline.due()).isEqualTo(at(3_500));
    assertThat(deadline.expiry(at(3_499))).isEmpty();
    assertThat(deadline.expiry(at(3_500))).containsInstanceOf(ClientDeadline.Expiry.DataTimeout.class);
  }

  @Test
  void belowTheMinimumRateAfterTheGraceTheClientIsTooSlow() {
    deadline.awaitContent(at(0));
    deadline.contentRead(at(1_000), 500);
    deadline.contentRead(at(2_000), 1_000);
    // 500 octets a second: within the grace it does not count, after it the rate does.
    assertThat(deadline.expiry(at(2_999))).isEmpty();
    deadline.contentRead(at(3_000), 1_500);
    assertThat(deadline.expiry(at(3_000))).hasValue(new ClientDeadline.Expiry.TooSlow(500));
  }

  @Test
  void theRateIsDueWhenTheAverageWouldFallBelowTheMinimum() {
    deadline.awaitContent(at(0));
    deadline.contentRead(at(1_000), 5_000);
    // 5,000 octets keep 1,000/s until 5 s, after the grace; the data timeout (1 s + 2 s) comes first.
    assertThat(deadline.due()).isEqualTo(at(3_000));
    deadline.contentRead(at(2_900), 5_500);
    assertThat(deadline.due()).isEqualTo(at(4_900)).as("the data timeout again: 2.9 s + 2 s");
    deadline.contentRead(at(4_000), 5_600);
    assertThat(deadline.due()).isEqualTo(at(5_600)).as("5,600 octets at 1,000/s");
    assertThat(deadline.expiry(at(5_600))).isEmpty();
    assertThat(deadline.expiry(at(5_700))).hasValue(new ClientDeadline.Expiry.TooSlow(982));
  }

  @Test
  void aFastClientIsNeverTooSlowAndEachTransferIsJudgedOnItsOwn() {
    deadline.awaitContent(at(0));
    deadline.contentRead(at(100), 1_000_000);
    assertThat(deadline.expiry(at(2_000))).isEmpty();
    // A second chunk starts its own average: the first one's octets do not carry over.
    deadline.awaitContent(at(2_000));
    deadline.contentRead(at(4_000), 100);
    assertThat(deadline.expiry(at(5_000))).hasValue(new ClientDeadline.Expiry.TooSlow(33));
  }

  @Test
  void whileTheServerIsBusyTheClientOwesNothing() {
    deadline.awaitContent(at(0));
    deadline.suspend();
    assertThat(deadline.due()).isEqualTo(ClientDeadline.NEVER);
    assertThat(deadline.expiry(at(3_600_000))).isEmpty();
  }

  @Test
  void withoutAMinimumRateOnlyTheDataTimeoutCounts() {
    ClientDeadline noMinimum = new ClientDeadline(Duration.ofSeconds(1), new ContentPace(Duration.ofSeconds(2), 0,
        Duration.ZERO));
    noMinimum.awaitContent(at(0));
    for (int second = 1; second <= 100; second++) {
      noMinimum.contentRead(at(second * 1_000L), second);
    }
    assertThat(noMinimum.due()).isEqualTo(at(102_000));
    assertThat(noMinimum.expiry(at(101_999))).isEmpty();
  }

  @Test
  void aTimeoutOfCenturiesIsNeverDue() {
    ClientDeadline patient = new ClientDeadline(Duration.ofDays(365L * 200), ContentPace.DEFAULTS);
    patient.awaitCommand(Long.MAX_VALUE - 5);
    assertThat(patient.due()).isEqualTo(ClientDeadline.NEVER);
  }

  @Test
  void aMinimumRateWithoutAGraceIsRefusedSinceEveryTransferStartsWithNothing() {
    assertThatThrownBy(() -> new ContentPace(Duration.ofSeconds(1), 1, Duration.ZERO))
        .hasMessage("the data rate grace must be positive when there is a minimum rate, not PT0S");
    assertThat(new ContentPace(Duration.ofSeconds(1), 0, Duration.ZERO).minDataRate()).isZero();
  }
}
