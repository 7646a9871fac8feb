package dev.sluice.node.smtp.receive;

import dev.sluice.node.smtp.SmtpReply;
import dev.sluice.node.smtp.codec.ContentBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The transaction scope of a session: from an accepted MAIL to the end of data, RSET, EHLO or STARTTLS,
 * which drop the whole object at once (James's transaction-scoped session state).
 *
 * <p>Not thread-safe: the session that owns it runs on one event loop.
 */
final class Transaction {
  final Optional<Mailbox> sender;
  final MailParameters parameters;
  final List<Mailbox> recipients = new ArrayList<>();
  int refusedRecipients;
  /** The BDAT content so far; null until the first chunk, so a DATA transaction never has one. */
  ContentBuffer chunks;

  Transaction(Optional<Mailbox> sender, MailParameters parameters) {
    this.sender = sender;
    this.parameters = parameters;
  }

  boolean chunked() {
    return chunks != null;
  }

  /** Why DATA or BDAT cannot go ahead, or empty if it can. */
  Optional<SmtpReply> notReadyForContent() {
    if (!recipients.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(refusedRecipients > 0 ? SmtpReply.NO_VALID_RECIPIENTS : SmtpReply.NEED_RCPT);
  }
}
