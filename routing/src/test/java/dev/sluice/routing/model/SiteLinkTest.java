package dev.sluice.routing.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SiteLinkTest {

  @Test
  void theExchangeCostOverridesTheCostForRouting() {
    assertThat(new SiteLink("L", List.of("A", "B"), 100, OptionalInt.of(7)).routingCost()).isEqualTo(7);
    assertThat(SiteLink.of("L", 100, "A", "B").routingCost()).isEqualTo(100);
  }

  @Test
  void costsOutsideOneTo99999AreRefused() {
    assertThatThrownBy(() -> SiteLink.of("L", 0, "A", "B")).hasMessageContaining("between 1 and 99999");
    assertThatThrownBy(() -> SiteLink.of("L", 100_000, "A", "B")).hasMessageContaining("not 100000");
    assertThatThrownBy(() -> new SiteLink("L", List.of("A", "B"), 10, OptionalInt.of(0)))
        .hasMessageContaining("Exchange cost of site link L");
  }

  @Test
  void aLinkJoinsAtLeastTwoDistinctSites() {
    assertThatThrownBy(() -> SiteLink.of("L", 10, "A")).hasMessageContaining("at least two sites");
    assertThatThrownBy(() -> SiteLink.of("L", 10, "A", "a")).hasMessageContaining("names site a twice");
  }

  @Test
  void joinsComparesSiteNamesCaseInsensitively() {
    assertThat(SiteLink.of("L", 10, "Redmond", "Paris").joins("REDMOND")).isTrue();
    assertThat(SiteLink.of("L", 10, "Redmond", "Paris").joins("Tokyo")).isFalse();
  }
}
