package dev.sluice.node.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpRangeTest {
  @ParameterizedTest
  @CsvSource({
      "192.0.2.7, 192.0.2.7, true",
      "192.0.2.7, 192.0.2.8, false",
      "192.0.2.0/24, 192.0.2.255, true",
      "192.0.2.0/24, 192.0.3.0, false",
      "0.0.0.0/0, 203.0.113.9, true",
      "0.0.0.0/0, ::1, false",
      "::/0, ::1, true",
      "::/0, 127.0.0.1, false",
      "10.0.0.5-10.0.0.9, 10.0.0.9, true",
      "10.0.0.5-10.0.0.9, 10.0.0.10, false",
      "2001:db8::/32, 2001:db8:1::1, true",
      "2001:db8::/32, 2001:db9::1, false",
      "0.0.0.0-255.255.255.255, 127.0.0.2, true",
      "127.0.0.0/8, ::ffff:127.0.0.1, true",
  })
  void containsWhatItShould(String range, String address, boolean inside) throws Exception {
    assertThat(IpRange.parse(range).contains(InetAddress.getByName(address))).isEqualTo(inside);
  }

  @ParameterizedTest
  @CsvSource({"192.0.2.7, 1", "192.0.2.0/24, 256", "10.0.0.5-10.0.0.9, 5", "::/0, 340282366920938463463374607431768211456"})
  void sizeOrdersBySpecificity(String range, String size) {
    assertThat(IpRange.parse(range).size()).isEqualTo(new BigInteger(size));
  }

  @ParameterizedTest
  @CsvSource({"192.0.2.0/33, the prefix must be 0 to 32", "10.0.0.9-10.0.0.5, ends before it starts",
      "10.0.0.1-::1, mixes IPv4 and IPv6", "mail.example.com, is not an IP address", "10.0.0.0/x, no numeric prefix"})
  void refusesWhatIsNotARange(String range, String message) {
    assertThatThrownBy(() -> IpRange.parse(range)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }
}
