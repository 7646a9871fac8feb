package dev.sluice.node.smtp.receive;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The envelope of one received message: who sent it from where, to whom, and how it came.
 *
 * @param session the session facts at the end of data (TLS, authenticated identity, EHLO name)
 * @param sender the reverse path, empty for the null path {@code <>} (a bounce: never answered with a DSN)
 * @param recipients the accepted recipients, in the order given, at least one
 * @param body the BODY parameter
 * @param declaredSize the SIZE parameter, if given
 * @param chunked whether the content came by BDAT rather than DATA
 */
public record Envelope(SessionFacts session, Optional<Mailbox> sender, List<Mailbox> recipients, BodyType body,
    OptionalLong declaredSize, boolean chunked) {
  public Envelope {
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("an envelope has at least one recipient");
    }
  }
}
