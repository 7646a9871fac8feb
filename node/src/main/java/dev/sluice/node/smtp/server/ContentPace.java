package dev.sluice.node.smtp.server;

import java.time.Duration;

/**
 * How slowly a client may send message content: the longest silence while DATA or BDAT content is read,
 * and the least average rate once a transfer has run for its grace (catalogue row 43, the slowloris
 * trickle that holds a connection for a few octets a second).
 *
 * <p>Immutable. The rate is judged over one DATA content or one BDAT chunk, as Postfix's
 * {@code smtpd_min_data_rate} judges one DATA or BDAT request.
 *
 * @param dataTimeout the longest wait for the next octets of content ({@code limits.data-timeout})
 * @param minDataRate octets per second, averaged from the start of the transfer, below which the session
 *     ends; 0 for no minimum ({@code limits.min-data-rate})
 * @param grace how long a transfer runs before its rate is judged, so that a first pause or TCP's slow start
 *     does not end it
 */
public record ContentPace(Duration dataTimeout, long minDataRate, Duration grace) {
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
  /** The node's defaults: five minutes (Postfix's {@code smtpd_timeout}), 1 KiB/s after five seconds. */
  public static final ContentPace DEFAULTS = new ContentPace(Duration.ofMinutes(5), 1024, DEFAULT_GRACE);

  public ContentPace {
    if (dataTimeout.isNegative() || dataTimeout.isZero()) {
      throw new IllegalArgumentException("the data timeout must be positive, not " + dataTimeout);
    }
    if (minDataRate < 0) {
      throw new IllegalArgumentException("the minimum data rate must be 0 (none) or more, not " + minDataRate);
    }
    if (grace.isNegative() || (minDataRate > 0 && grace.isZero())) {
      // At the 354 no octet has come yet: without a grace every transfer would start below any minimum.
      throw new IllegalArgumentException("the data rate grace must be positive when there is a minimum rate, not "
          + grace);
    }
  }
}
