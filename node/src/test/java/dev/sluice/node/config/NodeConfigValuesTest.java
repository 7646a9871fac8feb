package dev.sluice.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The value kinds on their own: host:port, sizes, rates, time spans, booleans, and the key suggestions. */
class NodeConfigValuesTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      127.0.0.1:2525        | 127.0.0.1 | 2525 | 127.0.0.1:2525
      Mail.Contoso.COM:25   | mail.contoso.com | 25 | mail.contoso.com:25
      [::1]:25              | ::1       | 25   | [::1]:25
      [2001:DB8::1]:587     | 2001:db8::1 | 587 | [2001:db8::1]:587
      zoo_1:2181            | zoo_1     | 2181 | zoo_1:2181
      0.0.0.0:0             | 0.0.0.0   | 0    | 0.0.0.0:0
      """)
  void hostPortReadsNamesAddressesAndBracketedIpv6(String text, String host, int port, String printed) {
    HostPort parsed = HostPort.parse(text);

    assertThat(parsed).isEqualTo(new HostPort(host, port));
    assertThat(parsed).hasToString(printed);
    assertThat(HostPort.parse(printed)).isEqualTo(parsed);
  }

  @Test
  void aDefaultPortFillsInWhenTheHostStandsAlone() {
    assertThat(HostPort.parse("10.0.0.53", 53)).isEqualTo(new HostPort("10.0.0.53", 53));
    assertThat(HostPort.parse("2001:db8::53", 53)).isEqualTo(new HostPort("2001:db8::53", 53));
    assertThat(HostPort.parse("[2001:db8::53]", 53)).isEqualTo(new HostPort("2001:db8::53", 53));
    assertThat(HostPort.parse("10.0.0.53:5353", 53)).isEqualTo(new HostPort("10.0.0.53", 5353));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      127.0.0.1        | '127.0.0.1' is not host:port
      127.0.0.1:       | '127.0.0.1:' is not host:port: '' is not a port number
      :25              | ':25' is not host:port: it has no host
      [::1             | '[::1' is not host:port: the '[' of an IPv6 address has no ']'
      [::1]25          | '[::1]25' is not host:port
      [zz::1]:25       | '[zz::1]:25' is not host:port: 'zz::1' is not a host name or an IP address
      -mail-.com:25    | '-mail-.com:25' is not host:port: '-mail-.com' is not a host name or an IP address
      """)
  void hostPortRefusesWhatIsNotOne(String text, String message) {
    assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      1024     | 1024
      512KB    | 524288
      100 MB   | 104857600
      2gb      | 2147483648
      1TB      | 1099511627776
      0        | 0
      """)
  void sizesAreBinaryMultiples(String text, long bytes) {
    assertThat(ConfigValues.size(0, Long.MAX_VALUE).parse(JSON.textNode(text))).isEqualTo(bytes);
  }

  @Test
  void aYamlNumberIsASizeInBytesAndARateMayLeaveOutPerSecond() {
    assertThat(ConfigValues.size(0, Long.MAX_VALUE).parse(JSON.numberNode(102_400))).isEqualTo(102_400);
    assertThat(ConfigValues.rate().parse(JSON.textNode("1KB/s"))).isEqualTo(1024);
    assertThat(ConfigValues.rate().parse(JSON.textNode("1KB"))).isEqualTo(1024);
    assertThatThrownBy(() -> ConfigValues.size(0, Long.MAX_VALUE).parse(JSON.textNode("1KB/s")))
        .hasMessage("'1KB/s' is not a size (such as 100MB, 512KB or a byte count)");
  }

  @Test
  void timeSpansAreShortOrExchanges() {
    assertThat(ConfigValues.duration(false).parse(JSON.textNode("30s"))).isEqualTo(Duration.ofSeconds(30));
    assertThat(ConfigValues.duration(false).parse(JSON.textNode("10m"))).isEqualTo(Duration.ofMinutes(10));
    assertThat(ConfigValues.duration(false).parse(JSON.textNode("1.00:00:00"))).isEqualTo(Duration.ofDays(1));
    assertThat(ConfigValues.duration(true).parse(JSON.textNode("00:00:00"))).isEqualTo(Duration.ZERO);
  }

  @Test
  void booleansAreTrueOrFalse() {
    assertThat(ConfigValues.BOOLEAN.parse(JSON.booleanNode(true))).isTrue();
    assertThat(ConfigValues.BOOLEAN.parse(JSON.textNode("FALSE"))).isFalse();
    assertThatThrownBy(() -> ConfigValues.BOOLEAN.parse(JSON.textNode("maybe"))).hasMessage("'maybe' is not true or false");
    assertThatThrownBy(() -> ConfigValues.BOOLEAN.parse(JSON.arrayNode()))
        .hasMessage("a list where true or false is expected");
  }

  @Test
  void aRoleIsHubOrEdgeInAnyCase() {
    JsonNode hub = JSON.textNode("HUB");
    assertThat(ConfigValues.ROLE.parse(hub)).isEqualTo(dev.sluice.routing.model.ServerRole.HUB);
    assertThat(ConfigValues.ROLE.parse(JSON.textNode("edge"))).isEqualTo(dev.sluice.routing.model.ServerRole.EDGE);
  }

  @Test
  void theSuggestionDistanceCountsEdits() {
    assertThat(ConfigTree.distance("certficate", "certificate")).isEqualTo(1);
    assertThat(ConfigTree.distance("nmae", "name")).isEqualTo(2);
    assertThat(ConfigTree.distance("", "key")).isEqualTo(3);
    assertThat(ConfigTree.distance("listen", "listen")).isZero();
  }
}
