package dev.sluice.routing.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaxMessageSizeTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "unlimited, 9223372036854775807, unlimited",
    "' Unlimited ', 9223372036854775807, unlimited",
    "1, 1, 1B",
    "1000, 1000, 1000B",
    "1000B, 1000, 1000B",
    "512 KB, 524288, 512KB",
    "512kb, 524288, 512KB",
    "10MB, 10485760, 10MB",
    "10 mb, 10485760, 10MB",
    "1.5MB, 1572864, 1536KB",
    "2GB, 2147483648, 2048MB",
    "0.5KB, 512, 512B",
    // Past 2^53 a double would lose the last byte.
    "9007199254740993, 9007199254740993, 9007199254740993B",
    "9223372036854775806, 9223372036854775806, 9223372036854775806B"
  })
  void parsesExchangesForms(String text, long bytes, String printed) {
    MaxMessageSize size = MaxMessageSize.parse(text);

    assertThat(size.bytes()).isEqualTo(bytes);
    assertThat(size.toString()).isEqualTo(printed);
  }

  @Test
  void unlimitedAdmitsEverythingAndALimitItsSizeOnly() {
    assertThat(MaxMessageSize.parse("unlimited")).isSameAs(MaxMessageSize.UNLIMITED);
    assertThat(MaxMessageSize.UNLIMITED.admits(Long.MAX_VALUE)).isTrue();
    assertThat(MaxMessageSize.TEN_MB.admits(10L * 1024 * 1024)).isTrue();
    assertThat(MaxMessageSize.TEN_MB.admits(10L * 1024 * 1024 + 1)).isFalse();
    assertThat(MaxMessageSize.ofMegabytes(10)).isEqualTo(MaxMessageSize.TEN_MB);
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                        | is not 'unlimited', a byte count or a size such as 10MB",
        "ten MB                    | is not 'unlimited', a byte count or a size such as 10MB",
        "-1                        | is not 'unlimited', a byte count or a size such as 10MB",
        "10 TB                     | is not 'unlimited', a byte count or a size such as 10MB",
        "10,000                    | is not 'unlimited', a byte count or a size such as 10MB",
        "0                         | must be at least 1 byte or unlimited, not 0",
        "0.4                       | must be at least 1 byte or unlimited, not 0",
        "9223372036854775807       | is too large: write 'unlimited' for no limit",
        "99999999999GB             | is too large: write 'unlimited' for no limit",
        "100000000000000000000000  | is too large: write 'unlimited' for no limit"
      })
  void refusesBadSizesSayingWhatToWrite(String text, String message) {
    assertThatThrownBy(() -> MaxMessageSize.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MaxMessageSize")
        .hasMessageContaining(message);
  }

  @Property
  void thePrintedFormParsesBack(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE - 1) long bytes) {
    MaxMessageSize size = MaxMessageSize.ofBytes(bytes);

    assertThat(MaxMessageSize.parse(size.toString())).isEqualTo(size);
  }

  @Property
  void unitsAreBinaryMultiples(@ForAll @LongRange(min = 1, max = 1_000_000) long n) {
    assertThat(MaxMessageSize.parse(n + "KB").bytes()).isEqualTo(n * 1024);
    assertThat(MaxMessageSize.parse(n + "MB").bytes()).isEqualTo(n * 1024 * 1024);
    assertThat(MaxMessageSize.parse(n + " GB").bytes()).isEqualTo(n * 1024 * 1024 * 1024);
  }
}
