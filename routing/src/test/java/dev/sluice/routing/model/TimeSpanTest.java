package dev.sluice.routing.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeSpanTest {
  @ParameterizedTest
  @CsvSource({
      "00:10:00, PT10M",
      "1.00:00:00, PT24H",
      "02:03:04.5, PT2H3M4.5S",
      "00:00:00.0000001, PT0.0000001S",
      "10m, PT10M",
      "30s, PT30S",
      "2h, PT2H",
      "1d, PT24H",
      "500ms, PT0.5S",
  })
  void parsesExchangeAndShortForms(String text, String iso) {
    assertThat(TimeSpan.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @CsvSource({"PT10M, 00:10:00", "PT24H, 1.00:00:00", "PT2H3M4.5S, 02:03:04.5", "PT49H, 2.01:00:00"})
  void printsExchangesForm(String iso, String text) {
    assertThat(TimeSpan.print(Duration.parse(iso))).isEqualTo(text);
    assertThat(TimeSpan.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @CsvSource({"PT1.00000001S, 00:00:01", "PT1.00000012S, 00:00:01.0000001"})
  void dropsWhatIsFinerThanATick(String iso, String text) {
    assertThat(TimeSpan.print(Duration.parse(iso))).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({"ten minutes", "00:60:00", "00:00:75", "10 weeks", "''"})
  void refusesWhatIsNotATimeSpan(String text) {
    assertThatThrownBy(() -> TimeSpan.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not [d.]hh:mm:ss");
  }
}
