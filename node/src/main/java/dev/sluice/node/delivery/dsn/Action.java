package dev.sluice.node.delivery.dsn;

import dev.sluice.node.spool.Recipient.Notify;
import java.util.Locale;

/**
 * What happened to one recipient, as the {@code Action} field of RFC 3464 section 2.3.3 names it, with the
 * RFC 3461 NOTIFY keyword that asks for a notice of it.
 *
 * <p>Declared gravest first: a report with several actions takes its subject from the first. {@code
 * expanded} is left out: Sluice has no mailing lists or aliases of its own to expand.
 */
public enum Action {
  /** The message will not reach the recipient: a 5xx, a routing failure, or expiry. */
  FAILED(Notify.FAILURE, 4, 5),
  /** Not delivered yet, still being retried (after DelayNotificationTimeout). */
  DELAYED(Notify.DELAY, 4, 4),
  /** Delivered to the recipient's mailbox, or to a drop directory, which counts as delivery. */
  DELIVERED(Notify.SUCCESS, 2, 2),
  /** Handed to a next hop that does not speak DSN, so no further notice will come (RFC 3461 section 6.2.2). */
  RELAYED(Notify.SUCCESS, 2, 2);

  private final Notify notify;
  private final int lowestClass;
  private final int highestClass;

  Action(Notify notify, int lowestClass, int highestClass) {
    this.notify = notify;
    this.lowestClass = lowestClass;
    this.highestClass = highestClass;
  }

  /** The NOTIFY keyword a recipient gives to ask for this kind of notice. */
  public Notify notifyKeyword() {
    return notify;
  }

  /**
   * Whether a status of this class fits the action: failed takes 5, or 4 for expiry (4.4.7, as Exchange
   * reports it), delayed takes 4, delivered and relayed take 2.
   */
  boolean accepts(int statusClass) {
    return statusClass >= lowestClass && statusClass <= highestClass;
  }

  /** The field value, {@code failed}. */
  String fieldValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
