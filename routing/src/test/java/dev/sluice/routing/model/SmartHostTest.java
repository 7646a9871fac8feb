package dev.sluice.routing.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmartHostTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "none",
      value = {
        // text, host, kind, port, printed
        "mail.example.com, mail.example.com, NAME, none, mail.example.com",
        "mail.example.com:2525, mail.example.com, NAME, 2525, mail.example.com:2525",
        "MAIL.Example.COM, mail.example.com, NAME, none, mail.example.com",
        "mail.example.com., mail.example.com, NAME, none, mail.example.com",
        "relay, relay, NAME, none, relay",
        "smtp-1.example.com:65535, smtp-1.example.com, NAME, 65535, smtp-1.example.com:65535",
        "[192.0.2.1], 192.0.2.1, IPV4, none, [192.0.2.1]",
        "[192.0.2.1]:2525, 192.0.2.1, IPV4, 2525, [192.0.2.1]:2525",
        "192.0.2.1, 192.0.2.1, IPV4, none, [192.0.2.1]",
        "192.0.2.1:587, 192.0.2.1, IPV4, 587, [192.0.2.1]:587",
        "[2001:db8::1], 2001:db8::1, IPV6, none, [2001:db8::1]",
        "[2001:DB8::1]:587, 2001:db8::1, IPV6, 587, [2001:db8::1]:587",
        "[IPv6:2001:db8::1], 2001:db8::1, IPV6, none, [2001:db8::1]",
        "[::1]:25, ::1, IPV6, 25, [::1]:25",
        "[::FFFF:192.0.2.1], ::ffff:192.0.2.1, IPV6, none, [::ffff:192.0.2.1]",
        "'  [192.0.2.1]:1  ', 192.0.2.1, IPV4, 1, [192.0.2.1]:1",
        "--, --, ORGANIZATION_HUBS, none, --"
      })
  void parsesEveryForm(String text, String host, SmartHost.Kind kind, Integer port, String printed) {
    SmartHost parsed = SmartHost.parse(text);

    assertThat(parsed.host()).isEqualTo(host);
    assertThat(parsed.kind()).isEqualTo(kind);
    assertThat(parsed.port()).isEqualTo(port == null ? OptionalInt.empty() : OptionalInt.of(port));
    assertThat(parsed.toString()).isEqualTo(printed);
    assertThat(SmartHost.parse(parsed.toString())).as("the printed form parses back").isEqualTo(parsed);
  }

  @Test
  void organizationHubsIsTheConstant() {
    assertThat(SmartHost.parse("--")).isSameAs(SmartHost.ORGANIZATION_HUBS);
    assertThat(SmartHost.ORGANIZATION_HUBS.isIpLiteral()).isFalse();
  }

  @Test
  void aHostsOwnPortOverridesTheConnectors() {
    assertThat(SmartHost.parse("mail.example.com:2525").portOr(25)).isEqualTo(2525);
    assertThat(SmartHost.parse("mail.example.com").portOr(25)).isEqualTo(25);
    assertThat(SmartHost.parse("[2001:db8::1]").isIpLiteral()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[192.0.2.1                 | needs its closing ']'",
        "[192.0.2.256]              | '192.0.2.256' is not an IPv4 or IPv6 address",
        "[mail.example.com]         | 'mail.example.com' is not an IPv4 or IPv6 address",
        "[2001:db8::1::2]           | is not an IPv4 or IPv6 address",
        "[]                         | '' is not an IPv4 or IPv6 address",
        "[192.0.2.1]2525            | a port follows the host as ':25'",
        "[192.0.2.1]:               | a port follows the host as ':25'",
        "mail.example.com:smtp      | a port follows the host as ':25'",
        "mail.example.com:0         | port 0 is outside 1 to 65535",
        "mail.example.com:65536     | port 65536 is outside 1 to 65535",
        "mail.example.com:123456    | a port follows the host as ':25'",
        "2001:db8::1                | write an IPv6 address in brackets, as [2001:db8::1]",
        "-mail.example.com          | label '-mail' must be 1 to 63 letters",
        "mail..example.com          | label '' must be 1 to 63 letters",
        "mail example.com           | label 'mail example' must be 1 to 63 letters",
        "*.example.com              | label '*' must be 1 to 63 letters",
        "192.0.2.256                | '192.0.2.256' is not an IPv4 address",
        "mail.123                   | its last label must not be all digits",
        ".                          | a host name has 1 to 253 characters"
      })
  void refusesBadOnesSayingWhatToWrite(String text, String message) {
    assertThatThrownBy(() -> SmartHost.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("smart host '" + text.strip() + "' is invalid: ")
        .hasMessageContaining(message);
  }

  @Test
  void refusesALabelOfMoreThan63Characters() {
    String label = "a".repeat(64);

    assertThatThrownBy(() -> SmartHost.parse(label + ".example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 63");
    assertThat(SmartHost.parse("a".repeat(63) + ".example.com").kind()).isEqualTo(SmartHost.Kind.NAME);
  }

  @Test
  void refusesANameOfMoreThan253Characters() {
    String name = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(62));

    assertThatThrownBy(() -> SmartHost.parse(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 253 characters");
  }

  @Test
  void refusesBlankAndLineBreaks() {
    assertThatThrownBy(() -> SmartHost.parse("  ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    assertThatThrownBy(() -> SmartHost.parse("mail.example.com\r\nRCPT"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CR, LF");
  }
}
