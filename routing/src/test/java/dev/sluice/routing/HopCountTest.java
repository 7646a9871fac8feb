package dev.sluice.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.routing.decision.EnhancedStatus;
import org.junit.jupiter.api.Test;

class HopCountTest {

  @Test
  void thirtyReceivedHeadersPassTheDefaultLimit() {
    assertThat(HopCount.check(30)).isEmpty();
  }

  @Test
  void thirtyOneReceivedHeadersFailWith554And540() {
    var failed = HopCount.check(31).orElseThrow();
    assertThat(failed.status()).isEqualTo(EnhancedStatus.HOP_COUNT_EXCEEDED);
    assertThat(failed.status().toString()).isEqualTo("554 5.4.0");
    assertThat(failed.reason()).contains("31 Received headers").contains("MaxHopCount of 30");
  }

  @Test
  void theLimitIsConfigurable() {
    assertThat(HopCount.check(5, 5)).isEmpty();
    assertThat(HopCount.check(6, 5)).isPresent();
  }

  @Test
  void aLimitBelowOneIsRefused() {
    assertThatThrownBy(() -> HopCount.check(1, 0)).hasMessageContaining("MaxHopCount must be at least 1");
  }
}
