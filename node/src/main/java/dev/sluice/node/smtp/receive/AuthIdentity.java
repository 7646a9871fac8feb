package dev.sluice.node.smtp.receive;

/**
 * Who a client proved to be with AUTH: the authentication identity the {@link Authenticator} accepted.
 *
 * @param name the user name, as the directory spells it
 */
public record AuthIdentity(String name) {
  public AuthIdentity {
    if (name.isBlank()) {
      throw new IllegalArgumentException("an authenticated identity has a name");
    }
  }
}
