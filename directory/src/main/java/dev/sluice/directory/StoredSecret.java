package dev.sluice.directory;

import java.util.Objects;

/**
 * An encrypted secret as {@code /secrets/<id>} holds it: AES-GCM ciphertext, never the plain value.
 *
 * @param id the secret's id (connectors name it as their authentication credential)
 * @param keyId which cluster key encrypted it
 * @param nonce the GCM nonce, base64
 * @param ciphertext the ciphertext with its tag, base64
 */
public record StoredSecret(String id, String keyId, String nonce, String ciphertext) {
  public StoredSecret {
    Objects.requireNonNull(id, "secret id must be given");
    Objects.requireNonNull(keyId, "key id of secret " + id + " must be given");
    Objects.requireNonNull(nonce, "nonce of secret " + id + " must be given");
    Objects.requireNonNull(ciphertext, "ciphertext of secret " + id + " must be given");
  }

  @Override
  public String toString() {
    return "StoredSecret[" + id + ", key " + keyId + "]";
  }
}
