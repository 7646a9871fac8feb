package dev.sluice.directory.secrets;

import dev.sluice.directory.StoredSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals secrets with the cluster key for {@code /secrets} and opens them again: AES-GCM with a random 96-bit
 * nonce, a 128-bit tag, and the secret's id as associated data, so that a ciphertext copied to another id
 * does not open.
 *
 * <p>Thread-safe: each call uses its own {@link Cipher}. {@link #open} fails with a {@link SecretException}
 * that names the secret and what to do when the secret was sealed with another cluster key, was altered or
 * copied, or is not well-formed. Plain values never reach a message. Random nonces stay safe for far more
 * secrets than a directory holds (NIST SP 800-38D allows 2^32 per key).
 */
public final class SecretBox {
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final ClusterKey key;
  private final SecureRandom random;

  public SecretBox(ClusterKey key, SecureRandom random) {
    this.key = Objects.requireNonNull(key, "the cluster key must be given");
    this.random = Objects.requireNonNull(random, "a SecureRandom for nonces must be given");
  }

  /** Encrypts {@code plain} as secret {@code id}; the caller still owns, and should wipe, {@code plain}. */
  public StoredSecret seal(String id, byte[] plain) {
    Objects.requireNonNull(id, "secret id must be given");
    if (id.isBlank()) {
      throw new IllegalArgumentException("secret id must not be empty");
    }
    Objects.requireNonNull(plain, "the value of secret " + id + " must be given");
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, id, nonce);
      byte[] ciphertext = cipher.doFinal(plain);
      Base64.Encoder base64 = Base64.getEncoder();
      return new StoredSecret(id, key.keyId(), base64.encodeToString(nonce), base64.encodeToString(ciphertext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal secret " + id + " with " + TRANSFORMATION + ": " + e, e);
    }
  }

  /** Decrypts a stored secret; the caller owns, and should wipe, the result. */
  public byte[] open(StoredSecret secret) {
    Objects.requireNonNull(secret, "the secret to open must be given");
    String id = secret.id();
    if (!secret.keyId().equals(key.keyId())) {
      throw new SecretException("secret " + id + " was sealed with cluster key " + secret.keyId()
          + "; this node has " + key.keyId() + ": give it the cluster's key file");
    }
    byte[] nonce = decode(id, "nonce", secret.nonce());
    if (nonce.length != NONCE_BYTES) {
      throw new SecretException("secret " + id + " has a nonce of " + nonce.length + " bytes, not " + NONCE_BYTES
          + ": it was not sealed by Sluice; seal it again");
    }
    byte[] ciphertext = decode(id, "ciphertext", secret.ciphertext());
    if (ciphertext.length < TAG_BITS / Byte.SIZE) {
      // Checked here because the JDK's GCM reports this as a ProviderException rather than a bad tag.
      throw new SecretException("secret " + id + " has a ciphertext of " + ciphertext.length
          + " bytes, shorter than its " + TAG_BITS / Byte.SIZE + "-byte tag: it was cut short; seal it again");
    }
    try {
      return cipher(Cipher.DECRYPT_MODE, id, nonce).doFinal(ciphertext);
    } catch (AEADBadTagException e) {
      throw new SecretException("secret " + id + " does not verify under cluster key " + key.keyId()
          + ": it was altered, or copied from another secret id; seal it again", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot open secret " + id + " with " + TRANSFORMATION + ": " + e, e);
    }
  }

  private Cipher cipher(int mode, String id, byte[] nonce) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
    // Binds the ciphertext to its id: moving it to another znode makes the tag fail.
    cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private static byte[] decode(String id, String field, String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new SecretException("secret " + id + " has a " + field + " that is not base64: seal it again", e);
    }
  }
}
