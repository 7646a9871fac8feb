package dev.sluice.routing.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SitePathTest {

  @Test
  void describesItsEnds() {
    SitePath path = new SitePath(List.of("A", "H", "D"), 20, "H");

    assertThat(path.source()).isEqualTo("A");
    assertThat(path.destination()).isEqualTo("D");
    assertThat(path.hops()).isEqualTo(2);
    assertThat(path.relaysThroughHubSite()).isTrue();
  }

  @Test
  void refusesAnEmptyPath() {
    assertThatThrownBy(() -> new SitePath(List.of(), 0, "A"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least its source site");
  }

  @Test
  void refusesANegativeCost() {
    assertThatThrownBy(() -> new SitePath(List.of("A", "B"), -1, "B"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
  }

  @Test
  void refusesANextHopOffThePathOrAtItsSource() {
    assertThatThrownBy(() -> new SitePath(List.of("A", "B"), 10, "C"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("next hop site C must be a site of path [A, B] after its source");
    assertThatThrownBy(() -> new SitePath(List.of("A", "B"), 10, "A"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new SitePath(List.of("A"), 0, "A").hops()).isZero();
  }
}
