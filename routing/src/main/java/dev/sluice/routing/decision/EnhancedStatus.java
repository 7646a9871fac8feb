package dev.sluice.routing.decision;

/**
 * An SMTP reply code with its enhanced status code (RFC 3463), as a value.
 *
 * @param replyCode the three-digit basic reply code (RFC 5321 section 4.2)
 * @param statusClass 2, 4 or 5
 * @param subject the subject sub-code (RFC 3463 section 3)
 * @param detail the detail sub-code
 */
public record EnhancedStatus(int replyCode, int statusClass, int subject, int detail) {
  /** 554 5.4.0: too many hops (a routing loop); Exchange's reply past MaxHopCount. */
  public static final EnhancedStatus HOP_COUNT_EXCEEDED = new EnhancedStatus(554, 5, 4, 0);
  /** 550 5.4.4: unable to route: no connector serves the (non-SMTP) address. */
  public static final EnhancedStatus UNABLE_TO_ROUTE = new EnhancedStatus(550, 5, 4, 4);
  /** 552 5.3.4: message too big for every connector that could carry it. */
  public static final EnhancedStatus MESSAGE_TOO_BIG = new EnhancedStatus(552, 5, 3, 4);
  /** 451 4.4.0: routing cannot decide now (no complete directory snapshot yet). */
  public static final EnhancedStatus ROUTING_DEFERRED = new EnhancedStatus(451, 4, 4, 0);
  /** 550 5.1.3: the recipient is not an address routing can read. */
  public static final EnhancedStatus BAD_DESTINATION_SYNTAX = new EnhancedStatus(550, 5, 1, 3);

  public EnhancedStatus {
    if (replyCode < 200 || replyCode > 599) {
      throw new IllegalArgumentException("reply code must be 200 to 599, not " + replyCode);
    }
    if (statusClass != replyCode / 100 || (statusClass != 2 && statusClass != 4 && statusClass != 5)) {
      throw new IllegalArgumentException(
          "status class " + statusClass + " must be 2, 4 or 5 and agree with reply code " + replyCode);
    }
    if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
      throw new IllegalArgumentException("subject and detail must be 0 to 999");
    }
  }

  /** Whether a retry may succeed (4xx). */
  public boolean isTransient() {
    return statusClass == 4;
  }

  /** The enhanced code alone, such as {@code 5.4.0}. */
  public String code() {
    return statusClass + "." + subject + "." + detail;
  }

  /** {@code 554 5.4.0}. */
  @Override
  public String toString() {
    return replyCode + " " + code();
  }
}
