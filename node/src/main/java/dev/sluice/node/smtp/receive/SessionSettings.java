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
 * @param maxTextLine the longest line of message content, CRLF included ({@code limits.max-text-line}); a
 *     message with a longer one is refused at the end of its data (catalogue row 27)
 */
public record SessionSettings(String fqdn, int maxProtocolErrors, int junkCommandLimit, boolean startTlsAvailable,
    int maxTextLine) {
  /** RFC 5321 section 4.5.3.1.6: a text line is at most 1,000 octets with its CRLF. */
  public static final int RFC_TEXT_LINE = dev.sluice.node.smtp.codec.ContentBuffer.MAX_LINE_LENGTH;

  public SessionSettings {
    if (fqdn.isBlank() || fqdn.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
      throw new IllegalArgumentException("the server name must be a host name without spaces, not '" + fqdn + "'");
    }
    if (maxProtocolErrors < 1 || junkCommandLimit < 1) {
      throw new IllegalArgumentException("the error and junk command limits must be at least 1, not "
          + maxProtocolErrors + " and " + junkCommandLimit);
    }
    if (maxTextLine < RFC_TEXT_LINE) {
      throw new IllegalArgumentException("the text line limit must be at least " + RFC_TEXT_LINE
          + " octets (RFC 5321 4.5.3.1.6), not " + maxTextLine);
    }
  }
}
