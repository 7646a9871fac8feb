package dev.sluice.node.smtp.receive;

/**
 * The fixed settings of an SMTP session, from the Receive connector and the node.
 *
 * @param fqdn the name this server gives in its greeting and EHLO reply (the connector's Fqdn)
 * @param maxProtocolErrors how many errors a client may make before {@code 421 4.7.0} and close (Postfix's
 *     {@code smtpd_hard_error_limit}, 20 by default)
 * @param junkCommandLimit how many NOOP, RSET, VRFY and HELP a client may send before each counts as an
 *     error (Postfix's {@code smtpd_junk_command_limit}, 100; catalogue row 45)
 * @param startTlsAvailable whether a TLS context is configured, so STARTTLS can be offered
 */
public record SessionSettings(String fqdn, int maxProtocolErrors, int junkCommandLimit, boolean startTlsAvailable) {
  public SessionSettings {
    if (fqdn.isBlank() || fqdn.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
      throw new IllegalArgumentException("the server name must be a host name without spaces, not '" + fqdn + "'");
    }
    if (maxProtocolErrors < 1 || junkCommandLimit < 1) {
      throw new IllegalArgumentException("the error and junk command limits must be at least 1, not "
          + maxProtocolErrors + " and " + junkCommandLimit);
    }
  }
}
