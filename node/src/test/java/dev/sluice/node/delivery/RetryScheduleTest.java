package dev.sluice.node.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.node.config.NodeConfig;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
  @Test
  void aHubRetriesFourTimesAMinuteApartThenSixTimesFiveMinutesApartThenEveryTenMinutes() {
    RetrySchedule hub = RetrySchedule.of(NodeConfig.Queue.HUB_DEFAULTS);
    assertThat(IntStream.rangeClosed(1, 4).mapToObj(hub::afterFailure)).containsOnly(Duration.ofMinutes(1));
    assertThat(IntStream.rangeClosed(5, 10).mapToObj(hub::afterFailure)).containsOnly(Duration.ofMinutes(5));
    assertThat(IntStream.rangeClosed(11, 100).mapToObj(hub::afterFailure)).containsOnly(Duration.ofMinutes(10));
  }

  @Test
  void anEdgeRetriesTenTransientTimesThenEveryThirtyMinutes() {
    RetrySchedule edge = RetrySchedule.of(NodeConfig.Queue.defaultsFor(dev.sluice.routing.model.ServerRole.EDGE));
    assertThat(IntStream.rangeClosed(1, 4).mapToObj(edge::afterFailure)).containsOnly(Duration.ofMinutes(1));
    assertThat(IntStream.rangeClosed(5, 14).mapToObj(edge::afterFailure)).containsOnly(Duration.ofMinutes(5));
    assertThat(edge.afterFailure(15)).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void withoutGlitchRetriesTheTransientOnesComeFirst() {
    RetrySchedule schedule = new RetrySchedule(0, Duration.ofMinutes(1), 1, Duration.ofSeconds(7), Duration.ofHours(1));
    assertThat(schedule.afterFailure(1)).isEqualTo(Duration.ofSeconds(7));
    assertThat(schedule.afterFailure(2)).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> schedule.afterFailure(0)).hasMessageContaining("at least one failure");
  }
}
