package dev.sluice.node.spool;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * One envelope recipient with its RFC 3461 DSN parameters.
 *
 * @param address the forward-path without angle brackets
 * @param dsnNotify the NOTIFY keywords given at RCPT; empty when the client gave none (the server
 *     then behaves as for FAILURE,DELAY); NEVER stands alone
 * @param originalRecipient the ORCPT value as given (addr-type;xtext), when given
 */
public record Recipient(String address, Set<Notify> dsnNotify, Optional<String> originalRecipient) {
  /** The NOTIFY keywords of RFC 3461 section 4.1. */
  public enum Notify {
    NEVER,
    SUCCESS,
    FAILURE,
    DELAY
  }

  public Recipient {
    address = Fields.requireLine(address, "recipient address");
    if (address.isEmpty()) {
      throw new IllegalArgumentException("a recipient address cannot be empty");
    }
    dsnNotify = dsnNotify.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(dsnNotify));
    if (dsnNotify.contains(Notify.NEVER) && dsnNotify.size() > 1) {
      throw new IllegalArgumentException(
          "NOTIFY=NEVER cannot be combined with other keywords (RFC 3461 section 4.1): " + dsnNotify);
    }
    originalRecipient = originalRecipient.map(value -> Fields.requireLine(value, "ORCPT"));
  }

  /** A recipient without DSN parameters. */
  public static Recipient of(String address) {
    return new Recipient(address, Set.of(), Optional.empty());
  }
}
