package dev.sluice.directory.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmartHostCredentialTest {

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource(
      value = {
        "relay@example.com, s3cret",
        "user, ''",
        "'with: colon, and space', 'pässwörd ✓ with $ and \" and \\'",
        "u, '0000000000000000000000000000000000000000000000000000000000000000000000000000'"
      })
  void decodesWhatItEncoded(String username, String password) {
    SmartHostCredential credential = new SmartHostCredential(username, password);

    assertThat(SmartHostCredential.decode(credential.encode())).isEqualTo(credential);
  }

  @Test
  void encodesAFormatByteAndTwoLengthPrefixedFields() {
    byte[] encoded = new SmartHostCredential("ab", "é").encode();

    assertThat(HexFormat.of().formatHex(encoded)).isEqualTo("01" + "00000002" + "6162" + "00000002" + "c3a9");
  }

  @Test
  void toStringHidesThePassword() {
    SmartHostCredential credential = new SmartHostCredential("relay@example.com", "hunter2");

    assertThat(credential.toString())
        .isEqualTo("SmartHostCredential[username=relay@example.com, password=(hidden)]")
        .doesNotContain("hunter2");
  }

  @Test
  void refusesAnEmptyUserNameAndAMissingPassword() {
    assertThatThrownBy(() -> new SmartHostCredential("", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("smart host user name must not be empty");
    assertThatThrownBy(() -> new SmartHostCredential("relay", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("password of smart host user relay must be given");
  }

  @Test
  void refusesNulWhichAuthPlainCannotCarry() {
    assertThatThrownBy(() -> new SmartHostCredential("relay", "a\0b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("password of smart host user relay must not contain NUL (RFC 4616)");
  }

  @Test
  void refusesALoneSurrogateRatherThanSendAQuestionMark() {
    SmartHostCredential credential = new SmartHostCredential("relay", "abc\uD800");

    assertThatThrownBy(credential::encode)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("smart host password is not valid Unicode (a lone surrogate)");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({
    "'', smart host credential is empty",
    "02000000016100000000, smart host credential has format 2; this version reads 1 only",
    "01000000, smart host credential ends before the length of its user name",
    "0100000005616263, 'smart host credential gives its user name 5 bytes, but 3 remain'",
    "01ffffffff, 'smart host credential gives its user name -1 bytes, but 0 remain'",
    "010000000161, smart host credential ends before the length of its password",
    "01000000016100000001ff, smart host credential's password is not UTF-8",
    "0100000001610000000162ff, smart host credential has 1 bytes after its password"
  })
  void refusesAMalformedEncoding(String hex, String message) {
    byte[] encoded = HexFormat.of().parseHex(hex);

    assertThatThrownBy(() -> SmartHostCredential.decode(encoded))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void refusesATruncatedEncoding() {
    byte[] encoded = new SmartHostCredential("relay", "password").encode();

    assertThatThrownBy(() -> SmartHostCredential.decode(Arrays.copyOf(encoded, encoded.length - 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("smart host credential gives its password 8 bytes, but 7 remain");
  }
}
