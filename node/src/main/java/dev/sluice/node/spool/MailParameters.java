package dev.sluice.node.spool;

import java.util.Optional;

/**
 * The MAIL FROM parameters that must travel with a message to its next hop.
 *
 * @param body the BODY value (RFC 6152, RFC 3030), when given
 * @param smtpUtf8 whether SMTPUTF8 was given (RFC 6531)
 * @param envelopeId the ENVID value as given (RFC 3461 section 4.4), when given
 * @param ret the RET value (RFC 3461 section 4.3), when given
 */
public record MailParameters(Optional<Body> body, boolean smtpUtf8, Optional<String> envelopeId, Optional<Ret> ret) {
  /** No parameters at all. */
  public static final MailParameters NONE =
      new MailParameters(Optional.empty(), false, Optional.empty(), Optional.empty());

  /** The BODY keywords. */
  public enum Body {
    SEVEN_BIT,
    EIGHT_BIT_MIME,
    BINARY_MIME
  }

  /** The RET keywords. */
  public enum Ret {
    FULL,
    HDRS
  }

  public MailParameters {
    envelopeId = envelopeId.map(value -> Fields.requireLine(value, "ENVID"));
  }
}
