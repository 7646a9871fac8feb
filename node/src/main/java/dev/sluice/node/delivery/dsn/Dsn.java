package dev.sluice.node.delivery.dsn;

import dev.sluice.node.spool.MailParameters;
import java.util.Arrays;
import java.util.Objects;

/**
 * A delivery status notification ready to be spooled and sent: its envelope and its content.
 *
 * @param sender always empty, the null reverse-path {@code <>} (RFC 3461 section 6.2, RFC 5321 section
 *     4.5.5), so that a DSN that cannot be delivered is never answered by another
 * @param recipient the original message's envelope sender
 * @param content the whole RFC 5322 message, CRLF line ends, no line over 998 octets; {@link #content()}
 *     returns a copy
 * @param parameters the MAIL FROM parameters to send it with: BODY=8BITMIME when the returned message has
 *     8-bit octets, SMTPUTF8 when the recipient's address is not ASCII; never ENVID or RET
 */
public record Dsn(String sender, String recipient, byte[] content, MailParameters parameters) {
  public Dsn {
    if (!sender.isEmpty()) {
      throw new IllegalArgumentException("a DSN is sent from the null sender <>, not from " + sender);
    }
    if (recipient.isEmpty()) {
      throw new IllegalArgumentException("a DSN is never sent to the null sender <>");
    }
    content = content.clone();
    Objects.requireNonNull(parameters, "parameters");
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Dsn dsn && sender.equals(dsn.sender) && recipient.equals(dsn.recipient)
        && Arrays.equals(content, dsn.content) && parameters.equals(dsn.parameters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sender, recipient, Arrays.hashCode(content), parameters);
  }

  @Override
  public String toString() {
    return "Dsn[to=" + recipient + ", " + content.length + " octets, " + parameters + "]";
  }
}
