package dev.sluice.node.smtp.client;

import dev.sluice.node.smtp.client.SmtpClient.Message;
import dev.sluice.node.smtp.client.SmtpClient.Reply;
import dev.sluice.node.spool.MailParameters.Body;
import dev.sluice.node.spool.Recipient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The MAIL and RCPT parameters of a message for a server with given capabilities, and the reasons not to
 * send a message to it at all. A pure function of its arguments; stateless.
 *
 * <p>SIZE (RFC 1870) whenever offered. BODY=8BITMIME (RFC 6152) for an 8bit body when 8BITMIME is offered;
 * when it is not, the message goes anyway without BODY, as Exchange and Postfix do by default (converting to
 * 7bit would break signatures, and the servers that lack 8BITMIME today pass 8bit through). BODY=BINARYMIME
 * (RFC 3030) only to a server offering both BINARYMIME and CHUNKING; binary content cannot go by DATA, and
 * Sluice does not convert it, so without them the message is refused before MAIL (RFC 3030 section 3:
 * "convert or return"). A non-ASCII address is refused before MAIL too ({@code 553 5.6.7}), as no SMTPUTF8 is
 * sent. The DSN parameters (RFC 3461) go on only when the server offers DSN.
 */
final class EnvelopeParameters {
  private EnvelopeParameters() {}

  /** Why {@code message} is not sent to a server with {@code capabilities} at all, if it is not. */
  static Optional<Reply> refusal(Message message, Capabilities capabilities) {
    long size = message.content().length;
    if (capabilities.sizeOffered() && !capabilities.admits(size)) {
      // The server said it takes nothing this large (RFC 1870): sending it would only waste the transfer.
      return Optional.of(new Reply(552, "5.3.4 the message of " + size + " octets is larger than the "
          + capabilities.size().getAsLong() + " the server accepts"));
    }
    if (!ascii(message.sender()) || message.recipients().stream().anyMatch(r -> !ascii(r.address()))) {
      // Without SMTPUTF8 (RFC 6531), which this client never sends, such an address would leave mangled.
      return Optional.of(new Reply(553, "5.6.7 the message has a non-ASCII address and Sluice sends no SMTPUTF8"));
    }
    if (message.body() == Body.BINARY_MIME && !(capabilities.binaryMime() && capabilities.chunking())) {
      return Optional.of(new Reply(554, "5.6.3 the message has a binary body (BODY=BINARYMIME) and the server "
          + "offers no BINARYMIME with CHUNKING to take it"));
    }
    return Optional.empty();
  }

  private static boolean ascii(String address) {
    return address.chars().allMatch(c -> c < 0x80);
  }

  /** The parameters of MAIL FROM. */
  static List<CharSequence> mail(Message message, Capabilities capabilities) {
    List<CharSequence> parameters = new ArrayList<>();
    if (capabilities.sizeOffered()) {
      parameters.add("SIZE=" + message.content().length);
    }
    switch (message.body()) {
      case EIGHT_BIT_MIME -> {
        if (capabilities.eightBitMime()) {
          parameters.add("BODY=8BITMIME");
        }
      }
      case BINARY_MIME -> parameters.add("BODY=BINARYMIME");
      case SEVEN_BIT -> { }
    }
    if (capabilities.dsn()) {
      message.ret().ifPresent(ret -> parameters.add("RET=" + ret.name()));
      message.envelopeId().ifPresent(id -> parameters.add("ENVID=" + id));
    }
    return parameters;
  }

  /** The parameters of RCPT TO for {@code recipient}. */
  static List<CharSequence> rcpt(Recipient recipient, Capabilities capabilities) {
    if (!capabilities.dsn()) {
      return List.of();
    }
    List<CharSequence> parameters = new ArrayList<>();
    if (!recipient.dsnNotify().isEmpty()) {
      parameters.add("NOTIFY=" + recipient.dsnNotify().stream().sorted()
          .map(n -> n.name().toUpperCase(Locale.ROOT)).collect(Collectors.joining(",")));
    }
    recipient.originalRecipient().ifPresent(orcpt -> parameters.add("ORCPT=" + orcpt));
    return parameters;
  }
}
