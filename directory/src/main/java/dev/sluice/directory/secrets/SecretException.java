package dev.sluice.directory.secrets;

/**
 * A secret or the cluster key cannot be had: the message names the secret or the key file, says what is
 * wrong and what to do about it.
 *
 * <p>Messages never hold a plain value or key material, so this exception may be logged as it is.
 */
public final class SecretException extends RuntimeException {
  public SecretException(String message) {
    super(message);
  }

  public SecretException(String message, Throwable cause) {
    super(message, cause);
  }
}
