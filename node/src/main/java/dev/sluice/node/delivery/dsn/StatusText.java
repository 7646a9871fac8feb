package dev.sluice.node.delivery.dsn;

import dev.sluice.node.smtp.EnhancedStatus;
import java.util.Map;

/**
 * What an RFC 3463 status means, in words for the person who sent the message: the detail when it is one
 * people meet, else its subject (RFC 3463 section 3), else its class. Stateless.
 */
final class StatusText {
  private static final Map<String, String> DETAILS = Map.ofEntries(
      Map.entry("1.1", "The email address couldn't be found at the recipient's domain."
          + " Check the address for typing errors and try again."),
      Map.entry("1.2", "The recipient's domain doesn't exist or doesn't receive email."
          + " Check the part of the address after the @."),
      Map.entry("1.3", "The recipient's address isn't a valid email address. Check it and try again."),
      Map.entry("1.6", "The recipient's mailbox has moved and left no forwarding address."),
      Map.entry("1.10", "The recipient's domain has published that it accepts no email at all."),
      Map.entry("2.1", "The recipient's mailbox is disabled and isn't accepting messages."),
      Map.entry("2.2", "The recipient's mailbox is full. Try again later, or reach them another way."),
      Map.entry("2.3", "The message is larger than the recipient's mailbox accepts."),
      Map.entry("3.4", "The message is larger than the recipient's mail system accepts."),
      Map.entry("4.1", "The recipient's mail server didn't answer."),
      Map.entry("4.2", "The connection to the recipient's mail server was lost."),
      Map.entry("4.3", "A directory or DNS lookup failed on the way to the recipient."),
      Map.entry("4.4", "No route to the recipient's domain could be found."),
      Map.entry("4.6", "The message was passed around in a loop between mail servers."),
      Map.entry("4.7", "The message couldn't be delivered in the time allowed, so it expired."),
      Map.entry("7.1", "The recipient's mail system refused the message: this sender may not send to"
          + " this recipient."),
      Map.entry("7.10", "The recipient's mail system requires an encrypted connection, which couldn't be set up."),
      Map.entry("7.5", "An encryption or signature check failed on the way to the recipient."));

  private static final Map<Integer, String> SUBJECTS = Map.of(
      1, "There is a problem with the recipient's address.",
      2, "There is a problem with the recipient's mailbox.",
      3, "There is a problem with the recipient's mail system.",
      4, "There was a network or routing problem on the way to the recipient.",
      5, "The mail servers had a protocol problem talking to each other.",
      6, "The recipient's mail system doesn't accept the message's content or format.",
      7, "A security or policy check refused the message.");

  private StatusText() {}

  /** The sentence for {@code status}, such as {@code 5.1.1}. */
  static String describe(String status) {
    EnhancedStatus parsed = EnhancedStatus.parse(status);
    if (parsed.statusClass() == 2) {
      return "The message was delivered.";
    }
    String detail = DETAILS.get(parsed.subject() + "." + parsed.detail());
    if (detail != null) {
      return detail;
    }
    String subject = SUBJECTS.get(parsed.subject());
    if (subject != null) {
      return subject;
    }
    return parsed.statusClass() == 5
        ? "The message couldn't be delivered."
        : "The message couldn't be delivered yet.";
  }
}
