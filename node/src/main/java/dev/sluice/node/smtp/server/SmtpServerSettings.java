package dev.sluice.node.smtp.server;

import dev.sluice.node.smtp.codec.LineLimits;
import java.time.Duration;

/**
 * The settings of one SMTP server (one Receive connector's bindings): names, limits and timeouts.
 *
 * @param fqdn the name in the greeting and EHLO reply (the Receive connector's Fqdn)
 * @param lineLimits command, AUTH and text line limits
 * @param maxProtocolErrors errors before {@code 421 4.7.0} and close
 * @param junkCommandLimit NOOP/RSET/VRFY/HELP before each counts as an error
 * @param connectionTimeout the longest a connection may last (Exchange's ConnectionTimeout, 10 minutes)
 * @param inactivityTimeout the longest wait for a whole command (ConnectionInactivityTimeout, 5 minutes)
 * @param tlsHandshakeTimeout the longest a STARTTLS handshake may take (catalogue row 38)
 * @param contentPace the data timeout and minimum data rate while content is read (catalogue row 43)
 * @param greetingDelay how long to wait before the greeting, so a client that talks first is caught
 *     (catalogue row 34); zero sends it at once
 * @param shutdownGrace how long a stopping server lets messages in flight finish
 * @param ioThreads event loop threads for the connections
 */
public record SmtpServerSettings(String fqdn, LineLimits lineLimits, int maxProtocolErrors, int junkCommandLimit,
    Duration connectionTimeout, Duration inactivityTimeout, Duration tlsHandshakeTimeout, ContentPace contentPace,
    Duration greetingDelay, Duration shutdownGrace, int ioThreads) {
  public SmtpServerSettings {
    for (Duration d : new Duration[] {connectionTimeout, inactivityTimeout, tlsHandshakeTimeout}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive, not " + d);
      }
    }
    if (greetingDelay.isNegative() || shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("the greeting delay and shutdown grace must not be negative");
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be at least 1, not " + ioThreads);
    }
  }

  /** Exchange's and Postfix's defaults for a server named {@code fqdn}. */
  public static SmtpServerSettings defaults(String fqdn) {
    return new SmtpServerSettings(fqdn, LineLimits.RFC, 20, 100, Duration.ofMinutes(10), Duration.ofMinutes(5),
        Duration.ofSeconds(30), ContentPace.DEFAULTS, Duration.ZERO, Duration.ofSeconds(30),
        Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  public SmtpServerSettings withTimeouts(Duration connection, Duration inactivity, Duration handshake) {
    return new SmtpServerSettings(fqdn, lineLimits, maxProtocolErrors, junkCommandLimit, connection, inactivity, handshake,
        contentPace, greetingDelay, shutdownGrace, ioThreads);
  }

  public SmtpServerSettings withContentPace(ContentPace pace) {
    return new SmtpServerSettings(fqdn, lineLimits, maxProtocolErrors, junkCommandLimit, connectionTimeout,
        inactivityTimeout, tlsHandshakeTimeout, pace, greetingDelay, shutdownGrace, ioThreads);
  }

  public SmtpServerSettings withGreetingDelay(Duration delay) {
    return new SmtpServerSettings(fqdn, lineLimits, maxProtocolErrors, junkCommandLimit, connectionTimeout,
        inactivityTimeout, tlsHandshakeTimeout, contentPace, delay, shutdownGrace, ioThreads);
  }

  public SmtpServerSettings withShutdownGrace(Duration grace) {
    return new SmtpServerSettings(fqdn, lineLimits, maxProtocolErrors, junkCommandLimit, connectionTimeout,
        inactivityTimeout, tlsHandshakeTimeout, contentPace, greetingDelay, grace, ioThreads);
  }

  /** These settings with other line limits and junk command limit. */
  public SmtpServerSettings withLimits(LineLimits lines, int junkCommands) {
    return new SmtpServerSettings(fqdn, lines, maxProtocolErrors, junkCommands, connectionTimeout, inactivityTimeout,
        tlsHandshakeTimeout, contentPace, greetingDelay, shutdownGrace, ioThreads);
  }
}
