package dev.sluice.directory.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordHasherTest {
  /** Few iterations keep the tests fast; production uses {@link PasswordHasher#DEFAULT_ITERATIONS}. */
  private static final int ITERATIONS = 1_000;
  private static final String SALT = "c2x1aWNlLXRlc3Qtc2FsdA=="; // "sluice-test-salt", 16 bytes
  private static final String HASH = "SHpTnmrBku+3S6EVZ/WBLFLVCqDzI/79f8ztW9t8DdA=";

  private final PasswordHasher hasher = new PasswordHasher(ITERATIONS, new SecureRandom());

  @Test
  void verifiesTheRightPasswordOnly() {
    String encoded = hasher.hash("correct horse".toCharArray());

    assertThat(hasher.verify("correct horse".toCharArray(), encoded)).isTrue();
    assertThat(hasher.verify("correct horsE".toCharArray(), encoded)).isFalse();
    assertThat(hasher.verify(new char[0], encoded)).isFalse();
  }

  @Test
  void writesTheDocumentedForm() {
    String encoded = hasher.hash("correct horse".toCharArray());

    assertThat(encoded).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}==\\$[A-Za-z0-9+/]{43}=")
        .doesNotContain("correct horse");
  }

  @Test
  void agreesWithAnIndependentPbkdf2() {
    // From Python: hashlib.pbkdf2_hmac('sha256', 'correct horse ✓'.encode(), b'sluice-test-salt', 1000, 32)
    String encoded = "pbkdf2-sha256$1000$" + SALT + "$" + HASH;

    assertThat(hasher.verify("correct horse ✓".toCharArray(), encoded)).isTrue();
  }

  @Test
  void saltsEveryHash() {
    String first = hasher.hash("correct horse".toCharArray());
    String second = hasher.hash("correct horse".toCharArray());

    assertThat(second).isNotEqualTo(first);
    assertThat(hasher.verify("correct horse".toCharArray(), second)).isTrue();
  }

  @Test
  void verifiesWithTheIterationsTheHashWasMadeWith() {
    String old = new PasswordHasher(500, new SecureRandom()).hash("correct horse".toCharArray());

    assertThat(hasher.verify("correct horse".toCharArray(), old)).isTrue();
  }

  @Test
  void asksForARehashBelowItsIterations() {
    assertThat(hasher.needsRehash(new PasswordHasher(999, new SecureRandom()).hash("pw".toCharArray()))).isTrue();
    assertThat(hasher.needsRehash(hasher.hash("pw".toCharArray()))).isFalse();
    assertThat(hasher.needsRehash(new PasswordHasher(5_000, new SecureRandom()).hash("pw".toCharArray()))).isFalse();
  }

  @Test
  void defaultsToOwaspIterations() {
    assertThat(PasswordHasher.DEFAULT_ITERATIONS).isEqualTo(310_000);
    assertThat(new PasswordHasher().needsRehash("pbkdf2-sha256$309999$" + SALT + "$" + HASH)).isTrue();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|has 1 fields separated by '$', not 4",
        "pbkdf2-sha256$1000$c2x1aWNlLXRlc3Qtc2FsdA==|has 3 fields separated by '$', not 4",
        "pbkdf2-sha256$1000$c2x1aWNlLXRlc3Qtc2FsdA==$SHpTnmrBku+3S6EVZ/WBLFLVCqDzI/79f8ztW9t8DdA=$|has 5 fields"
            + " separated by '$', not 4",
        "bcrypt$1000$c2x1aWNlLXRlc3Qtc2FsdA==$SHpTnmrBku+3S6EVZ/WBLFLVCqDzI/79f8ztW9t8DdA=|is not of scheme"
            + " pbkdf2-sha256",
        "pbkdf2-sha256$0$c2x1aWNlLXRlc3Qtc2FsdA==$SHpTnmrBku+3S6EVZ/WBLFLVCqDzI/79f8ztW9t8DdA=|does not give its"
            + " iterations as a positive whole number",
        "pbkdf2-sha256$-5$c2x1aWNlLXRlc3Qtc2FsdA==$SHpTnmrBku+3S6EVZ/WBLFLVCqDzI/79f8ztW9t8DdA=|does not give its"
            + " iterations as a positive whole number",
        "pbkdf2-sha256$many$c2x1aWNlLXRlc3Qtc2FsdA==$SHpTnmrBku+3S6EVZ/WBLFLVCqDzI/79f8ztW9t8DdA=|does not give"
            + " its iterations as a positive whole number",
        "pbkdf2-sha256$9999999999$c2x1aWNlLXRlc3Qtc2FsdA==$SHpTnmrBku+3S6EVZ/WBLFLVCqDzI/79f8ztW9t8DdA=|gives"
            + " more iterations than 2147483647",
        "pbkdf2-sha256$1000$c2FsdA==$SHpTnmrBku+3S6EVZ/WBLFLVCqDzI/79f8ztW9t8DdA=|has a salt of 4 bytes, fewer"
            + " than 16",
        "pbkdf2-sha256$1000$not*base64$SHpTnmrBku+3S6EVZ/WBLFLVCqDzI/79f8ztW9t8DdA=|has a salt that is not base64",
        "pbkdf2-sha256$1000$c2x1aWNlLXRlc3Qtc2FsdA==$SHpTnmrBku+3S6EV|has a hash of 12 bytes, not 32",
        "pbkdf2-sha256$1000$c2x1aWNlLXRlc3Qtc2FsdA==$SHpT nmrB|has a hash that is not base64"
      })
  void refusesAMalformedHashSayingWhatIsWrong(String encoded, String problem) {
    String message =
        "password hash " + problem + "; the form is pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>";

    assertThatThrownBy(() -> hasher.verify("pw".toCharArray(), encoded))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> hasher.needsRehash(encoded))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void refusesToHashAnEmptyPasswordOrUseNoIterations() {
    assertThatThrownBy(() -> hasher.hash(new char[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the password to hash must not be empty");
    assertThatThrownBy(() -> new PasswordHasher(0, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PBKDF2 iterations must be at least 1, not 0");
  }
}
