package dev.sluice.directory.secrets;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes the passwords of SMTP users for inbound AUTH with PBKDF2-HMAC-SHA256, a 16-byte random salt and a
 * 32-byte output, and checks a password against such a hash.
 *
 * <p>Thread-safe. The encoded form is {@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}, so a
 * hash keeps the iteration count it was made with and still verifies after the default rises;
 * {@link #needsRehash} tells when to replace it at the next successful AUTH. A malformed encoded hash is an
 * {@link IllegalArgumentException} that says what is wrong with it, never what it holds. Password arrays
 * stay the caller's to wipe; the copies made here are wiped.
 */
public final class PasswordHasher {
  /**
   * 310,000: OWASP's 2021 figure for PBKDF2-HMAC-SHA256. Its Password Storage Cheat Sheet has since raised
   * it to 600,000; a deployment that follows can pass that to the constructor, and {@link #needsRehash}
   * moves existing users over at their next AUTH.
   */
  public static final int DEFAULT_ITERATIONS = 310_000;

  private static final String SCHEME = "pbkdf2-sha256";
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final String FORMAT = SCHEME + "$<iterations>$<salt base64>$<hash base64>";

  private final int iterations;
  private final SecureRandom random;

  /** A hasher with {@link #DEFAULT_ITERATIONS}. */
  public PasswordHasher() {
    this(DEFAULT_ITERATIONS, new SecureRandom());
  }

  public PasswordHasher(int iterations, SecureRandom random) {
    if (iterations < 1) {
      throw new IllegalArgumentException("PBKDF2 iterations must be at least 1, not " + iterations);
    }
    this.iterations = iterations;
    this.random = Objects.requireNonNull(random, "a SecureRandom for salts must be given");
  }

  /** A new salted hash of {@code password}. */
  public String hash(char[] password) {
    Objects.requireNonNull(password, "the password to hash must be given");
    if (password.length == 0) {
      throw new IllegalArgumentException("the password to hash must not be empty");
    }
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, iterations, HASH_BYTES);
    try {
      Base64.Encoder base64 = Base64.getEncoder();
      return SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    } finally {
      Arrays.fill(hash, (byte) 0);
    }
  }

  /** Whether {@code password} is the one {@code encoded} was made from, compared in constant time. */
  public boolean verify(char[] password, String encoded) {
    Objects.requireNonNull(password, "the password to verify must be given");
    Encoded stored = Encoded.parse(encoded);
    byte[] candidate = derive(password, stored.salt(), stored.iterations(), stored.hash().length);
    try {
      return MessageDigest.isEqual(candidate, stored.hash());
    } finally {
      Arrays.fill(candidate, (byte) 0);
    }
  }

  /** Whether {@code encoded} was made with fewer iterations than this hasher uses. */
  public boolean needsRehash(String encoded) {
    return Encoded.parse(encoded).iterations() < iterations;
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
    // PBEKeySpec copies the password, and clearPassword wipes that copy.
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * Byte.SIZE);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive a " + ALGORITHM + " hash: " + e, e);
    } finally {
      spec.clearPassword();
    }
  }

  /** An encoded hash taken apart. */
  private record Encoded(int iterations, byte[] salt, byte[] hash) {
    static Encoded parse(String encoded) {
      Objects.requireNonNull(encoded, "the password hash must be given");
      String[] fields = encoded.split("\\$", -1);
      if (fields.length != 4) {
        throw malformed("has " + fields.length + " fields separated by '$', not 4");
      }
      if (!fields[0].equals(SCHEME)) {
        throw malformed("is not of scheme " + SCHEME);
      }
      if (!fields[1].matches("[1-9][0-9]{0,9}")) {
        throw malformed("does not give its iterations as a positive whole number");
      }
      long count = Long.parseLong(fields[1]);
      if (count > Integer.MAX_VALUE) {
        throw malformed("gives more iterations than " + Integer.MAX_VALUE);
      }
      byte[] salt = base64(fields[2], "salt");
      if (salt.length < SALT_BYTES) {
        throw malformed("has a salt of " + salt.length + " bytes, fewer than " + SALT_BYTES);
      }
      byte[] hash = base64(fields[3], "hash");
      if (hash.length != HASH_BYTES) {
        throw malformed("has a hash of " + hash.length + " bytes, not " + HASH_BYTES);
      }
      return new Encoded((int) count, salt, hash);
    }

    private static byte[] base64(String field, String name) {
      try {
        return Base64.getDecoder().decode(field);
      } catch (IllegalArgumentException e) {
        throw malformed("has a " + name + " that is not base64");
      }
    }

    private static IllegalArgumentException malformed(String problem) {
      return new IllegalArgumentException("password hash " + problem + "; the form is " + FORMAT);
    }
  }
}
