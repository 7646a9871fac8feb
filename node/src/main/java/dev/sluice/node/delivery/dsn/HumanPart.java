package dev.sluice.node.delivery.dsn;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The human-readable first part of a DSN (RFC 6522 section 3): for each recipient, what happened, what the
 * status means in plain words, and what the remote server answered; then what is attached. Written as
 * UTF-8 in quoted-printable (RFC 2045 section 6.7), so that any address or reply reaches any mail system
 * within the line limits. Stateless.
 */
final class HumanPart {
  /** Short enough that quoted-printable rarely needs a soft break in plain English. */
  private static final int WIDTH = 72;
  private static final String INDENT = "    ";
  /** RFC 2045 section 6.7 rule 5: an encoded line is at most 76 characters, its soft break included. */
  private static final int QP_WIDTH = 75;

  private HumanPart() {}

  /** The text, one string per line. */
  static List<String> text(String reportingMta, String messageId, List<RecipientOutcome> outcomes, String attached) {
    List<String> lines = new ArrayList<>();
    lines.add("This is the mail system at " + reportingMta + ".");
    for (Action action : Action.values()) {
      List<RecipientOutcome> group = outcomes.stream().filter(outcome -> outcome.action() == action).toList();
      if (group.isEmpty()) {
        continue;
      }
      lines.add("");
      wrap(lines, "", heading(action));
      for (RecipientOutcome outcome : group) {
        lines.add("");
        lines.add(INDENT + outcome.recipient().address());
        if (action == Action.FAILED || action == Action.DELAYED) {
          wrap(lines, INDENT, StatusText.describe(outcome.status()) + " (status " + outcome.status() + ")");
        }
        reply(outcome).ifPresent(reply -> wrap(lines, INDENT, reply));
        outcome.willRetryUntil().ifPresent(until ->
            wrap(lines, INDENT, "Delivery will be tried until " + HeaderText.date(until) + "."));
      }
    }
    lines.add("");
    wrap(lines, "", attached);
    lines.add("");
    wrap(lines, "", "For the administrator of your mail system: message " + messageId + " at " + reportingMta
        + "; the delivery-status part of this report has the details.");
    return lines;
  }

  /** The text encoded: quoted-printable lines, each without its CRLF. */
  static List<String> quotedPrintable(List<String> text) {
    List<String> encoded = new ArrayList<>();
    for (String line : text) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < bytes.length; i++) {
        int b = bytes[i] & 0xFF;
        boolean last = i == bytes.length - 1;
        // Rule 3: white space at the end of a line is encoded, since transports may strip it.
        boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !last);
        String token = literal ? String.valueOf((char) b) : String.format(Locale.ROOT, "=%02X", b);
        if (out.length() + token.length() > QP_WIDTH) {
          encoded.add(out.append('=').toString());
          out = new StringBuilder();
        }
        out.append(token);
      }
      encoded.add(out.toString());
    }
    return encoded;
  }

  private static String heading(Action action) {
    return switch (action) {
      case FAILED -> "Your message couldn't be delivered to these recipients:";
      case DELAYED -> "Your message hasn't been delivered to these recipients yet. Delivery is still being"
          + " tried; you don't need to send it again, and you'll be told if it finally fails:";
      case DELIVERED -> "Your message was delivered to these recipients:";
      case RELAYED -> "Your message was passed on to these recipients' mail systems, which send no further"
          + " delivery notices:";
    };
  }

  /** The remote server's answer, its diagnostic type left out. */
  private static Optional<String> reply(RecipientOutcome outcome) {
    return outcome.diagnostic().map(diagnostic -> {
      int semicolon = diagnostic.indexOf(';');
      String type = diagnostic.substring(0, semicolon).strip();
      String text = diagnostic.substring(semicolon + 1).strip();
      if (!type.equalsIgnoreCase("smtp")) {
        return "Reason: " + text;
      }
      return outcome.remoteMta().map(host -> "The server " + host + " answered: ").orElse("The server answered: ")
          + text;
    });
  }

  /** Adds {@code text} wrapped at {@link #WIDTH} columns, every line after {@code indent}. */
  private static void wrap(List<String> lines, String indent, String text) {
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.strip().split("\\s+")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > WIDTH) {
        lines.add(line.toString());
        line = new StringBuilder(indent);
      }
      if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
  }
}
