package dev.sluice.node.delivery.dsn;

import dev.sluice.node.smtp.EnhancedStatus;
import dev.sluice.node.spool.Recipient;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What delivery made of one recipient of a message, as a DSN reports it (RFC 3464 section 2.3).
 *
 * @param recipient the envelope recipient, with its NOTIFY and ORCPT
 * @param action what happened
 * @param status the RFC 3463 status, such as {@code 5.1.1}; its class must fit the action
 * @param remoteMta the host name of the server that answered, when one did ({@code Remote-MTA: dns; ...})
 * @param diagnostic {@code diagnostic-type; text}, such as {@code smtp; 550 5.1.1 no such user}, when there
 *     is one
 * @param willRetryUntil when a delayed message expires; only for {@link Action#DELAYED}
 */
public record RecipientOutcome(
    Recipient recipient,
    Action action,
    String status,
    Optional<String> remoteMta,
    Optional<String> diagnostic,
    Optional<Instant> willRetryUntil) {
  // RFC 3464 section 2.3.6: diagnostic-type is an atom, "smtp" for an SMTP reply.
  private static final Pattern DIAGNOSTIC = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+-]*\\s*;.*");
  // The delivery-status part is US-ASCII (RFC 3464 section 2.1.2): an IDN goes as its A-label.
  private static final Pattern HOST = Pattern.compile("[\\x21-\\x7e&&[^;()]]+");

  public RecipientOutcome {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(action, "action");
    EnhancedStatus parsed = EnhancedStatus.parse(status);
    if (!action.accepts(parsed.statusClass())) {
      throw new IllegalArgumentException("status " + status + " does not fit action " + action.fieldValue()
          + " for " + recipient.address() + ": failed takes 5.x.x (or 4.x.x on expiry), delayed 4.x.x,"
          + " delivered and relayed 2.x.x");
    }
    status = parsed.toString();
    remoteMta.ifPresent(host -> {
      if (!HOST.matcher(host).matches()) {
        throw new IllegalArgumentException("remote MTA must be a host name or address literal, such as"
            + " mx.example.com, not '" + host + "'");
      }
    });
    diagnostic.ifPresent(text -> {
      if (!DIAGNOSTIC.matcher(text).matches() || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a diagnostic is 'type; text' on one line, such as"
            + " 'smtp; 550 5.1.1 no such user' (join the lines of a multi-line reply with spaces), not '"
            + text.strip() + "'");
      }
    });
    Objects.requireNonNull(willRetryUntil, "willRetryUntil (Optional.empty() when there is none)");
    if (willRetryUntil.isPresent() && action != Action.DELAYED) {
      throw new IllegalArgumentException("Will-Retry-Until belongs to a delayed recipient only (RFC 3464"
          + " section 2.3.8), not to " + action.fieldValue() + " " + recipient.address());
    }
  }

  /** A failure with the remote server's reply. */
  public static RecipientOutcome failed(Recipient recipient, String status, String remoteMta, String diagnostic) {
    return new RecipientOutcome(
        recipient, Action.FAILED, status, Optional.of(remoteMta), Optional.of(diagnostic), Optional.empty());
  }

  /** A delay, still retried until {@code willRetryUntil}. */
  public static RecipientOutcome delayed(
      Recipient recipient, String status, Optional<String> remoteMta, Optional<String> diagnostic,
      Instant willRetryUntil) {
    return new RecipientOutcome(
        recipient, Action.DELAYED, status, remoteMta, diagnostic, Optional.of(willRetryUntil));
  }
}
