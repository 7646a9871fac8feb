package dev.sluice.node.smtp;

import java.util.List;
import java.util.Optional;

/**
 * One SMTP reply as a value: the basic code, the enhanced status code, and its text lines.
 *
 * <p>RFC 5321 section 4.2 gives the wire form (every line but the last as {@code 250-}, the last as
 * {@code 250 }); RFC 2034 puts the enhanced status code before the text of every line of every reply but
 * the greeting, the EHLO/HELO reply, {@code 354} and the {@code 334} AUTH challenges, which carry none. A
 * line may not hold CR or LF, so no text from a peer or a policy can inject a second reply. Immutable.
 *
 * @param code the basic reply code, 200 to 599
 * @param status the enhanced status code, whose class agrees with {@code code}; empty where RFC 2034 has none
 * @param lines at least one line of text (a line may be empty: {@code 334 } is a challenge with no data)
 */
public record SmtpReply(int code, Optional<EnhancedStatus> status, List<String> lines) {
  public static final SmtpReply OK = of(250, "2.0.0", "Ok");
  public static final SmtpReply SENDER_OK = of(250, "2.1.0", "Ok");
  public static final SmtpReply RECIPIENT_OK = of(250, "2.1.5", "Ok");
  public static final SmtpReply START_MAIL_INPUT = withoutStatus(354, "End data with <CR><LF>.<CR><LF>");
  public static final SmtpReply BYE = of(221, "2.0.0", "Bye");
  public static final SmtpReply READY_TO_START_TLS = of(220, "2.0.0", "Ready to start TLS");
  public static final SmtpReply CANNOT_VRFY =
      of(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery");
  public static final SmtpReply HELP = of(214, "2.0.0", "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH");
  public static final SmtpReply AUTH_SUCCESSFUL = of(235, "2.7.0", "Authentication successful");
  public static final SmtpReply HTTP_GOODBYE = of(221, "2.7.0", "Error: I can break rules, too. Goodbye.");

  public static final SmtpReply COMMAND_NOT_RECOGNIZED = of(500, "5.5.2", "Error: command not recognized");
  public static final SmtpReply BAD_SYNTAX = of(500, "5.5.2", "Error: bad syntax");
  public static final SmtpReply COMMAND_TOO_LONG = of(500, "5.5.2", "Error: command too long");
  public static final SmtpReply BARE_LF_IN_COMMAND = of(500, "5.5.2", "Error: bare <LF> received");
  public static final SmtpReply BARE_CR_IN_COMMAND = of(500, "5.5.2", "Error: bare <CR> received");
  public static final SmtpReply NUL_IN_COMMAND = of(500, "5.5.2", "Error: NUL character received");
  public static final SmtpReply AUTH_LINE_TOO_LONG = of(500, "5.5.6", "Error: authentication exchange line is too long");
  public static final SmtpReply AUTH_ABORTED = of(501, "5.0.0", "Authentication aborted");
  public static final SmtpReply BAD_BASE64 = of(501, "5.5.2", "Error: invalid base64 data");
  public static final SmtpReply NOT_IMPLEMENTED = of(502, "5.5.1", "Error: command not implemented");
  public static final SmtpReply SEND_HELO_FIRST = of(503, "5.5.1", "Error: send HELO/EHLO first");
  public static final SmtpReply NEED_MAIL = of(503, "5.5.1", "Error: need MAIL command");
  public static final SmtpReply NEED_RCPT = of(503, "5.5.1", "Error: need RCPT command");
  public static final SmtpReply NESTED_MAIL = of(503, "5.5.1", "Error: nested MAIL command");
  public static final SmtpReply DATA_AFTER_BDAT = of(503, "5.5.1", "Error: DATA after BDAT");
  public static final SmtpReply MAIL_IN_PROGRESS = of(503, "5.5.1", "Error: MAIL transaction in progress");
  public static final SmtpReply ALREADY_AUTHENTICATED = of(503, "5.5.1", "Error: already authenticated");
  public static final SmtpReply AUTH_NOT_ENABLED = of(503, "5.5.1", "Error: authentication not enabled");
  public static final SmtpReply UNSUPPORTED_MECHANISM = of(504, "5.5.4", "Error: unsupported authentication mechanism");
  public static final SmtpReply STARTTLS_FIRST = of(530, "5.7.0", "Must issue a STARTTLS command first");
  public static final SmtpReply AUTH_FAILED = of(535, "5.7.8", "Error: authentication failed");
  public static final SmtpReply NO_VALID_RECIPIENTS = of(554, "5.5.1", "Error: no valid recipients");
  public static final SmtpReply PROTOCOL_SYNCHRONIZATION = of(554, "5.5.0", "Error: SMTP protocol synchronization");
  public static final SmtpReply TLS_ALREADY_ACTIVE = of(554, "5.5.1", "Error: TLS already active");
  public static final SmtpReply UTF8_NOT_DECLARED = of(553, "5.6.7", "Must declare SMTPUTF8 to send unicode address");

  public static final SmtpReply TOO_MANY_RECIPIENTS = of(452, "4.5.3", "Error: too many recipients");
  public static final SmtpReply MESSAGE_TOO_BIG = of(552, "5.3.4", "Error: message file too big");
  public static final SmtpReply DECLARED_SIZE_TOO_BIG = of(552, "5.3.4", "Message size exceeds fixed maximum message size");
  public static final SmtpReply CHUNK_TOO_BIG = of(552, "5.3.4", "Error: chunk exceeds message size limit");
  public static final SmtpReply BARE_LINE_END_IN_CONTENT =
      of(550, "5.5.2", "Error: bare <LF> or <CR> not allowed in message content");
  /** The store behind the sink failed: RFC 5321 4xx, so the sender retries (catalogue row 49). */
  public static final SmtpReply LOCAL_ERROR = of(451, "4.3.0", "Error: queue file write error");
  /** Back-pressure for a policy to return at MAIL or RCPT (catalogue row 49). */
  public static final SmtpReply INSUFFICIENT_STORAGE = of(452, "4.3.1", "Insufficient system storage");
  /** For a policy to return when the recipient needs relay rights the client lacks (catalogue row 23). */
  public static final SmtpReply RELAY_DENIED = of(550, "5.7.1", "Relay access denied");
  /** For a policy to return for an unknown local recipient (catalogue row 24). */
  public static final SmtpReply UNKNOWN_RECIPIENT = of(550, "5.1.1", "Recipient address rejected: User unknown");

  public SmtpReply {
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("reply code must be 200 to 599, not " + code);
    }
    status.ifPresent(s -> {
      if (s.statusClass() != code / 100) {
        throw new IllegalArgumentException("enhanced status " + s + " disagrees with reply code " + code);
      }
    });
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("a reply has at least one line");
    }
    for (String line : lines) {
      if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a reply line may not hold CR or LF: " + line.replace("\r", "\\r").replace("\n", "\\n"));
      }
    }
  }

  /** A reply with an enhanced status code ({@code "5.5.2"}) before each of its lines. */
  public static SmtpReply of(int code, String status, String... lines) {
    return new SmtpReply(code, Optional.of(EnhancedStatus.parse(status)), List.of(lines));
  }

  /** A reply that RFC 2034 leaves without an enhanced status code (greeting, EHLO, 354, 334). */
  public static SmtpReply withoutStatus(int code, String... lines) {
    return new SmtpReply(code, Optional.empty(), List.of(lines));
  }

  /** The reply for a routing decision's status, such as {@code 554 5.4.0} for too many hops. */
  public static SmtpReply of(dev.sluice.routing.decision.EnhancedStatus routed, String text) {
    return new SmtpReply(routed.replyCode(),
        Optional.of(new EnhancedStatus(routed.statusClass(), routed.subject(), routed.detail())), List.of(text));
  }

  /** 2xx or 3xx: the command was accepted (or more input is wanted). */
  public boolean isPositive() {
    return code < 400;
  }

  /** The reply as sent: CRLF after every line, the enhanced status code before each line's text. */
  public String wireForm() {
    StringBuilder out = new StringBuilder();
    String prefix = status.map(s -> s + " ").orElse("");
    for (int i = 0; i < lines.size(); i++) {
      out.append(code).append(i == lines.size() - 1 ? ' ' : '-').append(prefix).append(lines.get(i)).append("\r\n");
    }
    return out.toString();
  }

  /** The wire form without the final CRLF, for logs and test messages. */
  @Override
  public String toString() {
    String wire = wireForm();
    return wire.substring(0, wire.length() - 2).replace("\r\n", " / ");
  }
}
