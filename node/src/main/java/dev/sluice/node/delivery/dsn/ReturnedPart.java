package dev.sluice.node.delivery.dsn;

import dev.sluice.node.spool.MailParameters;
import dev.sluice.node.spool.MailParameters.Ret;

/**
 * The third part of a DSN, what it returns of the original (RFC 6522 section 3, RFC 3461 section 4.3), and
 * the sentence that tells the sender what that is. Immutable.
 *
 * @param type message/rfc822 or text/rfc822-headers; empty when nothing is returned
 * @param description the part's Content-Description
 * @param content CRLF-ended lines fit to travel unencoded; empty when nothing is returned
 * @param note what the human-readable part says about it
 */
record ReturnedPart(String type, String description, byte[] content, String note) {
  /** What to return of {@code message} for a report whose gravest action is {@code gravest}. */
  static ReturnedPart choose(OriginalMessage message, MailParameters parameters, Action gravest, int maxOctets) {
    String reason = "";
    boolean whole = gravest == Action.FAILED && parameters.ret().orElse(Ret.FULL) == Ret.FULL;
    if (whole) {
      byte[] content = message.whole();
      if (content.length > maxOctets) {
        reason = " Your message is " + content.length + " octets, larger than the " + maxOctets
            + " octets this server returns, so only its header section is attached.";
      } else if (!OriginalMessage.returnable(content)) {
        reason = " Your message has lines too long to return as they are, so only its header section is attached.";
      } else {
        return new ReturnedPart("message/rfc822", "Undelivered Message", content,
            "A copy of your message is attached.");
      }
    }
    byte[] headers = message.headerSection();
    if (headers.length == 0) {
      return new ReturnedPart("", "", new byte[0], (reason + " Your message had no header section to return.").strip());
    }
    if (headers.length > maxOctets || !OriginalMessage.returnable(headers)) {
      return new ReturnedPart("", "", new byte[0],
          (reason + " Your message's header section is too large to return, so nothing of it is attached.").strip());
    }
    String description = gravest == Action.FAILED ? "Undelivered Message Headers" : "Message Headers";
    String note = reason.isEmpty() ? "The header section of your message is attached." : reason.strip();
    return new ReturnedPart("text/rfc822-headers", description, headers, note);
  }

  /** Writes the part after its boundary, or nothing when there is none. */
  void write(MimeLines out, String boundary) {
    if (type.isEmpty()) {
      return;
    }
    out.line("--" + boundary).field("Content-Type", type);
    if (OriginalMessage.eightBit(content)) {
      // message/rfc822 may be 7bit, 8bit or binary only (RFC 2046 section 5.2.1): never base64.
      out.field("Content-Transfer-Encoding", "8bit");
    }
    out.field("Content-Description", description).line("").lines(content)
        // The original's last line end stays its own; this one goes to the closing boundary.
        .line("");
  }
}
