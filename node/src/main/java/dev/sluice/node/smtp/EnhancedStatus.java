package dev.sluice.node.smtp;

/**
 * An enhanced mail system status code (RFC 3463) without its basic reply code, such as {@code 5.5.2}.
 *
 * <p>Routing's {@code dev.sluice.routing.decision.EnhancedStatus} carries the basic reply code too, because a
 * routing decision is a whole outcome; here the basic code belongs to {@link SmtpReply}, so this value is
 * the three numbers alone and the reply checks that the class agrees with its code. Immutable.
 *
 * @param statusClass 2 (success), 4 (persistent transient failure) or 5 (permanent failure)
 * @param subject the subject sub-code, 0 to 999 (RFC 3463 section 3)
 * @param detail the detail sub-code, 0 to 999
 */
public record EnhancedStatus(int statusClass, int subject, int detail) {
  public EnhancedStatus {
    if (statusClass != 2 && statusClass != 4 && statusClass != 5) {
      throw new IllegalArgumentException("status class must be 2, 4 or 5, not " + statusClass);
    }
    if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
      throw new IllegalArgumentException("subject and detail must be 0 to 999, not " + subject + "." + detail);
    }
  }

  /** Parses {@code 5.7.1}; refuses anything else with the text it was given. */
  public static EnhancedStatus parse(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("an enhanced status code is class.subject.detail, such as 5.7.1, not " + text);
    }
    try {
      return new EnhancedStatus(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("an enhanced status code is three numbers, such as 5.7.1, not " + text, e);
    }
  }

  /** {@code 5.5.2}. */
  @Override
  public String toString() {
    return statusClass + "." + subject + "." + detail;
  }
}
