package dev.sluice.node.smtp.receive;

/**
 * What a client sent with AUTH PLAIN or LOGIN (RFC 4616, and the LOGIN draft).
 *
 * @param authorizationId the identity to act as; empty when the client asked for none (LOGIN never asks)
 * @param username the authentication identity
 * @param password the password as sent; {@link #toString()} leaves it out
 */
public record Credentials(String authorizationId, String username, String password) {
  @Override
  public String toString() {
    return "Credentials[username=" + username + ", authorizationId=" + authorizationId + "]";
  }
}
