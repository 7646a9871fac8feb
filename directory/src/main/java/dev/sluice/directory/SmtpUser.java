package dev.sluice.directory;

import java.util.Objects;

/**
 * An SMTP user for inbound AUTH: a name and a salted, slow hash of the password, never the password.
 *
 * @param name the user name given in AUTH
 * @param passwordHash the encoded hash ({@code dev.sluice.directory.secrets.PasswordHasher}'s format)
 */
public record SmtpUser(String name, String passwordHash) {
  public SmtpUser {
    Objects.requireNonNull(name, "SMTP user name must be given");
    if (name.isBlank()) {
      throw new IllegalArgumentException("SMTP user name must not be empty");
    }
    Objects.requireNonNull(passwordHash, "password hash of SMTP user " + name + " must be given");
    if (passwordHash.isBlank()) {
      throw new IllegalArgumentException("password hash of SMTP user " + name + " must not be empty");
    }
  }

  @Override
  public String toString() {
    return "SmtpUser[" + name + "]";
  }
}
