package dev.sluice.node.delivery.dsn;

import dev.sluice.node.spool.Envelope;
import dev.sluice.node.spool.MailParameters;
import dev.sluice.node.spool.Recipient;
import dev.sluice.node.spool.Recipient.Notify;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Writes the delivery status notification (RFC 3464, in an RFC 6522 multipart/report) that the envelope
 * sender of a message is due for some outcomes of its recipients, or decides that none is due.
 *
 * <p>Rules, each with its source:
 * <ul>
 *   <li>Never to the null sender {@code <>} (RFC 3461 section 6.2, RFC 5321 section 4.5.5): that is the
 *       loop guard, and the DSN itself goes from {@code <>}. Belt and braces against MTAs that send reports
 *       from a real address: a message that is itself a delivery report ({@code multipart/report;
 *       report-type=delivery-status} at its top) gets no DSN either; losing a notice about a notice costs
 *       little, a bounce loop costs much.
 *   <li>NOTIFY (RFC 3461 section 4.1): NEVER asks for none; a NOTIFY list asks for the kinds it names; no
 *       NOTIFY counts as FAILURE,DELAY, the default of Exchange (DelayNotificationTimeout is on by
 *       default) and of the spool's {@link Recipient}. Success notices only when SUCCESS was asked for.
 *   <li>What is returned (RFC 3461 section 4.3): a report with a failure returns the whole message
 *       (message/rfc822) unless RET=HDRS; delay and success notices, and RET=HDRS, return the header section
 *       (text/rfc822-headers), as Postfix does. A message over {@code maxReturnedOctets}, or one with a line
 *       over 998 octets or a NUL that could not travel unencoded, comes back as its headers, and the text
 *       says why; headers that cannot come back are left out, and the text says so.
 *   <li>All outcomes given in one call make one report (one DSN per message per event, not per recipient);
 *       its subject follows the gravest action: {@code Undeliverable: <subject>}, then Exchange's {@code
 *       Delivery Status Notification (Delay)}, then {@code Delivered: <subject>} or {@code Relayed:}.
 *   <li>Header values that are not ASCII are encoded (RFC 2047), even when the original used SMTPUTF8, so
 *       the DSN can cross any hop; only a To: address that is not ASCII makes the DSN need SMTPUTF8 (it goes
 *       raw, RFC 6532). message/global-delivery-status (RFC 6533) is not written: a recipient address that
 *       is not ASCII is reported with the {@code utf-8} address type in its 7-bit form.
 * </ul>
 *
 * <p>Thread-safe: immutable but for the random generator, which is drawn from under a lock, so any
 * {@link RandomGenerator} will do. Refuses, with what to fix, an outcome for a recipient that is not one of
 * the message's or a recipient reported twice.
 */
public final class DsnBuilder {
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?");
  private static final int BOUNDARY_TRIES = 8;

  private final String reportingMta;
  private final int maxReturnedOctets;
  private final RandomGenerator random;
  private final Object randomLock = new Object();

  /**
   * @param reportingMta this node's FQDN: {@code Reporting-MTA: dns; <fqdn>} and {@code MAILER-DAEMON@<fqdn>}
   * @param maxReturnedOctets the largest original returned whole; a larger one comes back as its headers
   * @param random draws the Message-ID and the MIME boundary (a seeded one makes the output repeatable)
   */
  public DsnBuilder(String reportingMta, int maxReturnedOctets, RandomGenerator random) {
    if (reportingMta == null || !HOST.matcher(reportingMta).matches()) {
      throw new IllegalArgumentException("the reporting MTA must be this node's fully qualified domain name,"
          + " such as hub1.contoso.com, not '" + reportingMta + "'");
    }
    if (maxReturnedOctets < 0) {
      throw new IllegalArgumentException("the largest returned message is 0 octets or more, not " + maxReturnedOctets);
    }
    this.reportingMta = reportingMta;
    this.maxReturnedOctets = maxReturnedOctets;
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The DSN to send for these recipient outcomes of one message, or empty when none is due. */
  public Optional<Dsn> build(
      Envelope original, ByteBuffer originalContent, List<RecipientOutcome> outcomes, Instant now) {
    Objects.requireNonNull(originalContent, "originalContent");
    Objects.requireNonNull(now, "now");
    requireRecipientsOf(original, outcomes);
    if (original.nullSender()) {
      return Optional.empty();
    }
    List<RecipientOutcome> due = outcomes.stream().filter(DsnBuilder::requested).toList();
    if (due.isEmpty()) {
      return Optional.empty();
    }
    OriginalMessage message = OriginalMessage.read(originalContent);
    if (message.deliveryReport()) {
      return Optional.empty();
    }
    // Action is declared gravest first.
    Action gravest = due.stream().map(RecipientOutcome::action).min(Enum::compareTo).orElseThrow();
    ReturnedPart returned = ReturnedPart.choose(message, original.parameters(), gravest, maxReturnedOctets);
    byte[] human = humanPart(original, due, returned.note());
    byte[] status = DeliveryStatusPart.write(reportingMta, original, due);
    String boundary;
    String messageId;
    synchronized (randomLock) {
      boundary = boundary(human, status, returned.content());
      messageId = "<" + hex(16) + "@" + reportingMta + ">";
    }
    MimeLines out = new MimeLines()
        .field("From", "Mail Delivery System <MAILER-DAEMON@" + reportingMta + ">")
        .field("To", "<" + original.sender() + ">")
        .field("Subject", subject(gravest, message.subject()))
        .field("Date", HeaderText.date(now))
        .field("Message-ID", messageId)
        // RFC 3834 section 5: a DSN is an automatic reply, so responders must not answer it.
        .field("Auto-Submitted", "auto-replied")
        .field("MIME-Version", "1.0")
        .field("Content-Type", "multipart/report; report-type=delivery-status; boundary=\"" + boundary + "\"")
        .line("")
        .line("This is a delivery status notification in MIME format.")
        .line("")
        .line("--" + boundary)
        .field("Content-Type", "text/plain; charset=utf-8")
        .field("Content-Transfer-Encoding", "quoted-printable")
        .field("Content-Description", "Notification")
        .line("")
        .lines(human)
        .line("--" + boundary)
        .field("Content-Type", "message/delivery-status")
        .field("Content-Description", "Delivery report")
        .line("")
        .lines(status);
    returned.write(out, boundary);
    out.line("--" + boundary + "--");
    boolean eightBit = returned.content().length > 0 && OriginalMessage.eightBit(returned.content());
    boolean utf8Address = !HeaderText.isPrintableAscii(original.sender());
    MailParameters parameters = new MailParameters(
        eightBit ? Optional.of(MailParameters.Body.EIGHT_BIT_MIME) : Optional.empty(),
        utf8Address, Optional.empty(), Optional.empty());
    return Optional.of(new Dsn("", original.sender(), out.toByteArray(), parameters));
  }

  /** Whether the recipient asked for a notice of this outcome (RFC 3461 section 4.1). */
  static boolean requested(RecipientOutcome outcome) {
    Set<Notify> notify = outcome.recipient().dsnNotify();
    if (notify.isEmpty()) {
      return outcome.action() == Action.FAILED || outcome.action() == Action.DELAYED;
    }
    return notify.contains(outcome.action().notifyKeyword());
  }

  private static void requireRecipientsOf(Envelope original, List<RecipientOutcome> outcomes) {
    Set<String> seen = new HashSet<>();
    for (RecipientOutcome outcome : outcomes) {
      String address = outcome.recipient().address();
      if (!original.recipients().contains(outcome.recipient())) {
        throw new IllegalArgumentException("an outcome names " + address + ", which is not a recipient of message "
            + original.messageId() + ": report only the message's own recipients");
      }
      if (!seen.add(address)) {
        throw new IllegalArgumentException(address + " is reported twice for message " + original.messageId()
            + ": give one outcome per recipient");
      }
    }
  }

  private static String subject(Action gravest, Optional<String> subject) {
    // The prefix stays plain text; only an original subject that is not ASCII becomes encoded-words.
    String original = subject.filter(text -> !text.isBlank()).map(text -> ": " + HeaderText.encoded(text)).orElse("");
    return switch (gravest) {
      case FAILED -> "Undeliverable" + original;
      case DELAYED -> "Delivery Status Notification (Delay)";
      case DELIVERED -> "Delivered" + original;
      case RELAYED -> "Relayed" + original;
    };
  }

  private byte[] humanPart(Envelope original, List<RecipientOutcome> due, String attached) {
    MimeLines out = new MimeLines();
    HumanPart.quotedPrintable(HumanPart.text(reportingMta, original.messageId(), due, attached))
        .forEach(out::line);
    // An empty line last, so the text keeps its final line end before the boundary.
    return out.line("").toByteArray();
  }

  /** A boundary that occurs in no part (RFC 2046 section 5.1.1); "=_" cannot occur in quoted-printable. */
  private String boundary(byte[]... parts) {
    for (int i = 0; i < BOUNDARY_TRIES; i++) {
      String boundary = "=_sluice_" + hex(12);
      byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
      boolean clash = false;
      for (byte[] part : parts) {
        clash |= contains(part, delimiter);
      }
      if (!clash) {
        return boundary;
      }
    }
    throw new IllegalStateException("no MIME boundary missing from the DSN's parts after " + BOUNDARY_TRIES
        + " random draws: the random generator is not random");
  }

  private String hex(int octets) {
    StringBuilder out = new StringBuilder(octets * 2);
    for (int i = 0; i < octets; i++) {
      out.append(Character.forDigit(random.nextInt(16), 16)).append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
