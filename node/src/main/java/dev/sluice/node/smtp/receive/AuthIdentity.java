package dev.sluice.node.smtp.receive;

/**
 * Who a client proved to be with AUTH: the authentication identity the {@link Authenticator} accepted.
 *
 * @param name the user or server name, as the directory spells it
 * @param kind whether an SMTP user or another node of the organization authenticated
 */
public record AuthIdentity(String name, Kind kind) {
  /** What authenticated. */
  public enum Kind {
    /** An SMTP user, with a password. */
    USER,
    /** A transport server of the organization, with its node secret (Exchange's ExchangeServer mechanism). */
    SERVER
  }

  public AuthIdentity {
    if (name.isBlank()) {
      throw new IllegalArgumentException("an authenticated identity has a name");
    }
    java.util.Objects.requireNonNull(kind, "what authenticated must be given");
  }

  /** An SMTP user. */
  public AuthIdentity(String name) {
    this(name, Kind.USER);
  }
}
