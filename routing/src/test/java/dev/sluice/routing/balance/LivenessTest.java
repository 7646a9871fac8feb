package dev.sluice.routing.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LivenessTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  @Test
  void allLiveTakesEveryServerAsAliveAndOk() {
    Liveness all = Liveness.allLive();
    assertThat(all.isAllLive()).isTrue();
    assertThat(all.isLive("ANY")).isTrue();
    assertThat(all.health("ANY")).isEqualTo(ServerHealth.OK);
    assertThat(all.queueLength("ANY")).isEmpty();
  }

  @Test
  void namesCompareCaseInsensitively() {
    Liveness liveness =
        Liveness.of("Hub1")
            .withHealth("HUB1", ServerHealth.failingUntil(NOW.plusSeconds(1)))
            .withQueueLength("hub1", 7);
    assertThat(liveness.isLive("hub1")).isTrue();
    assertThat(liveness.isLive("HUB1")).isTrue();
    assertThat(liveness.isLive("HUB2")).isFalse();
    assertThat(liveness.health("hUb1")).isEqualTo(new ServerHealth.FailingUntil(NOW.plusSeconds(1)));
    assertThat(liveness.queueLength("HUB1")).isEqualTo(OptionalInt.of(7));
    assertThat(liveness).isEqualTo(Liveness.of("HUB1").withHealth("hub1", ServerHealth.failingUntil(NOW.plusSeconds(1))).withQueueLength("Hub1", 7));
    assertThat(liveness.hashCode())
        .isEqualTo(Liveness.of("HUB1").withHealth("hub1", ServerHealth.failingUntil(NOW.plusSeconds(1))).withQueueLength("Hub1", 7).hashCode());
  }

  @Test
  void withMethodsLeaveTheOriginalUntouched() {
    Liveness before = Liveness.of(List.of("HUB1"));
    Liveness after = before.withHealth("HUB1", ServerHealth.failingUntil(NOW)).withQueueLength("HUB1", 3).withAllLive();
    assertThat(before.health("HUB1")).isEqualTo(ServerHealth.OK);
    assertThat(before.queueLength("HUB1")).isEmpty();
    assertThat(before.isLive("HUB2")).isFalse();
    assertThat(after.isLive("HUB2")).isTrue();
  }

  @Test
  void recordingOkForgetsTheFailure() {
    Liveness healed = Liveness.allLive().withHealth("HUB1", ServerHealth.failingUntil(NOW)).withHealth("hub1", ServerHealth.OK);
    assertThat(healed).isEqualTo(Liveness.allLive());
  }

  @Test
  void aFailureCountsOnlyBeforeItsInstant() {
    ServerHealth failing = ServerHealth.failingUntil(NOW);
    assertThat(failing.isFailingAt(NOW.minusNanos(1))).isTrue();
    assertThat(failing.isFailingAt(NOW)).isFalse();
    assertThat(failing.isFailingAt(NOW.plusSeconds(1))).isFalse();
    assertThat(ServerHealth.OK.isFailingAt(NOW)).isFalse();
  }

  @Test
  void badValuesAreRefusedWithWhatToFix() {
    assertThatThrownBy(() -> Liveness.allLive().withQueueLength("HUB1", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 or more");
    assertThatThrownBy(() -> Liveness.of(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be blank");
    assertThatThrownBy(() -> Liveness.allLive().withHealth("HUB1", null)).hasMessageContaining("ServerHealth.OK");
    assertThatThrownBy(() -> ServerHealth.failingUntil(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void randomContextDrawsTheRotationFromTheGenerator() {
    assertThat(BalanceContext.random(NOW, new SplittableRandom(7)))
        .isEqualTo(new BalanceContext(NOW, new SplittableRandom(7).nextLong()));
    assertThat(new BalanceContext(NOW, 41).next()).isEqualTo(new BalanceContext(NOW, 42));
  }
}
