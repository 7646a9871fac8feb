package dev.sluice.directory.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.directory.StoredSecret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
  private static final String PLAIN = "smart-host-password-0123456789";
  private static final byte[] PLAIN_BYTES = PLAIN.getBytes(StandardCharsets.UTF_8);

  private final SecureRandom random = new SecureRandom();
  private final ClusterKey key = ClusterKey.generate(random);
  private final SecretBox box = new SecretBox(key, random);

  @Test
  void opensWhatItSealed() {
    StoredSecret sealed = box.seal("relay-a", PLAIN_BYTES);

    assertThat(sealed.id()).isEqualTo("relay-a");
    assertThat(sealed.keyId()).isEqualTo(key.keyId());
    assertThat(Base64.getDecoder().decode(sealed.nonce())).hasSize(12);
    assertThat(Base64.getDecoder().decode(sealed.ciphertext())).as("ciphertext and 16-byte tag")
        .hasSize(PLAIN_BYTES.length + 16);
    assertThat(box.open(sealed)).isEqualTo(PLAIN_BYTES);
  }

  @Test
  void opensAnEmptyValue() {
    assertThat(box.open(box.seal("empty", new byte[0]))).isEmpty();
  }

  @Test
  void anotherNodeWithTheSameKeyOpensIt() {
    SecretBox other = new SecretBox(key, new SecureRandom());

    assertThat(other.open(box.seal("relay-a", PLAIN_BYTES))).isEqualTo(PLAIN_BYTES);
  }

  @Test
  void storesNeitherThePlainValueNorItsBase64() {
    StoredSecret sealed = box.seal("relay-a", PLAIN_BYTES);
    String ciphertext = new String(Base64.getDecoder().decode(sealed.ciphertext()), StandardCharsets.ISO_8859_1);

    assertThat(ciphertext).doesNotContain(PLAIN.substring(0, 8));
    assertThat(sealed.ciphertext()).doesNotContain(Base64.getEncoder().encodeToString(PLAIN_BYTES).substring(0, 8));
    assertThat(sealed.toString()).doesNotContain(PLAIN).doesNotContain(sealed.ciphertext());
  }

  @Test
  void sealingTwiceUsesFreshNonces() {
    StoredSecret first = box.seal("relay-a", PLAIN_BYTES);
    StoredSecret second = box.seal("relay-a", PLAIN_BYTES);

    assertThat(second.nonce()).isNotEqualTo(first.nonce());
    assertThat(second.ciphertext()).isNotEqualTo(first.ciphertext());
  }

  @Test
  void refusesAFlippedCiphertextByte() {
    StoredSecret sealed = box.seal("relay-a", PLAIN_BYTES);

    assertDoesNotVerify(new StoredSecret("relay-a", sealed.keyId(), sealed.nonce(), flip(sealed.ciphertext(), 3)));
  }

  @Test
  void refusesAFlippedTagByte() {
    StoredSecret sealed = box.seal("relay-a", PLAIN_BYTES);
    int lastTagByte = PLAIN_BYTES.length + 15;

    assertDoesNotVerify(
        new StoredSecret("relay-a", sealed.keyId(), sealed.nonce(), flip(sealed.ciphertext(), lastTagByte)));
  }

  @Test
  void refusesAChangedNonce() {
    StoredSecret sealed = box.seal("relay-a", PLAIN_BYTES);

    assertDoesNotVerify(new StoredSecret("relay-a", sealed.keyId(), flip(sealed.nonce(), 0), sealed.ciphertext()));
  }

  @Test
  void refusesACiphertextCopiedToAnotherId() {
    StoredSecret sealed = box.seal("relay-a", PLAIN_BYTES);
    StoredSecret copied = new StoredSecret("relay-b", sealed.keyId(), sealed.nonce(), sealed.ciphertext());

    assertThatThrownBy(() -> box.open(copied))
        .isInstanceOf(SecretException.class)
        .hasMessageContaining("secret relay-b does not verify")
        .hasMessageContaining("copied from another secret id");
  }

  @Test
  void refusesASecretSealedWithAnotherClusterKey() {
    ClusterKey other = ClusterKey.generate(random);
    StoredSecret sealed = new SecretBox(other, random).seal("relay-a", PLAIN_BYTES);

    assertThatThrownBy(() -> box.open(sealed))
        .isInstanceOf(SecretException.class)
        .hasMessage("secret relay-a was sealed with cluster key " + other.keyId() + "; this node has "
            + key.keyId() + ": give it the cluster's key file");
  }

  @Test
  void refusesAnotherKeyThatClaimsThisKeyId() {
    // A forged key id must not make a foreign ciphertext open: the tag still decides.
    StoredSecret foreign = new SecretBox(ClusterKey.generate(random), random).seal("relay-a", PLAIN_BYTES);

    assertDoesNotVerify(new StoredSecret("relay-a", key.keyId(), foreign.nonce(), foreign.ciphertext()));
  }

  @Test
  void refusesMalformedBase64() {
    StoredSecret sealed = box.seal("relay-a", PLAIN_BYTES);

    assertThatThrownBy(() -> box.open(new StoredSecret("relay-a", sealed.keyId(), "not base64!", sealed.ciphertext())))
        .isInstanceOf(SecretException.class)
        .hasMessage("secret relay-a has a nonce that is not base64: seal it again");
    assertThatThrownBy(() -> box.open(new StoredSecret("relay-a", sealed.keyId(), sealed.nonce(), "%%%")))
        .isInstanceOf(SecretException.class)
        .hasMessage("secret relay-a has a ciphertext that is not base64: seal it again");
  }

  @Test
  void refusesANonceOfAnotherLength() {
    StoredSecret sealed = box.seal("relay-a", PLAIN_BYTES);
    String shortNonce = Base64.getEncoder().encodeToString(new byte[8]);

    assertThatThrownBy(() -> box.open(new StoredSecret("relay-a", sealed.keyId(), shortNonce, sealed.ciphertext())))
        .isInstanceOf(SecretException.class)
        .hasMessageContaining("secret relay-a has a nonce of 8 bytes, not 12");
  }

  @Test
  void refusesACiphertextShorterThanItsTag() {
    StoredSecret sealed = box.seal("relay-a", PLAIN_BYTES);

    String cut = Base64.getEncoder().encodeToString(new byte[15]);

    assertThatThrownBy(() -> box.open(new StoredSecret("relay-a", sealed.keyId(), sealed.nonce(), cut)))
        .isInstanceOf(SecretException.class)
        .hasMessage("secret relay-a has a ciphertext of 15 bytes, shorter than its 16-byte tag: it was cut short;"
            + " seal it again");
  }

  @Test
  void refusesAnEmptyId() {
    assertThatThrownBy(() -> box.seal(" ", PLAIN_BYTES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret id must not be empty");
  }

  /** The base64 value with one bit of byte {@code index} flipped. */
  private static String flip(String base64, int index) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    bytes[index] ^= 0x01;
    return Base64.getEncoder().encodeToString(bytes);
  }

  private void assertDoesNotVerify(StoredSecret secret) {
    assertThatThrownBy(() -> box.open(secret))
        .isInstanceOf(SecretException.class)
        .hasMessage("secret " + secret.id() + " does not verify under cluster key " + key.keyId()
            + ": it was altered, or copied from another secret id; seal it again")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PLAIN));
  }
}
