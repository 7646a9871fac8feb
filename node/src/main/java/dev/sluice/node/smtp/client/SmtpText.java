package dev.sluice.node.smtp.client;

/**
 * Checks on the text the client puts into commands, so that nothing from a message's envelope can add a
 * command of its own (a CR or LF) or split a DSN parameter (a space). Stateless.
 */
final class SmtpText {
  private SmtpText() {}

  /**
   * {@code value} when it holds no CR, LF or other control character; a space (a quoted local part) and
   * non-ASCII (SMTPUTF8) pass.
   */
  static String requireLine(String value, String what) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < ' ' || c == 0x7f) {
        throw new IllegalArgumentException("the " + what + " " + quoted(value)
            + " holds a control character (CR or LF would start a command of its own)");
      }
    }
    return value;
  }

  /** {@code value} when it is xtext (RFC 3461 section 4): printable ASCII without space or {@code =}. */
  static String requireXtext(String value, String what) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("the " + what + " cannot be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c > '~' || c == '=') {
        throw new IllegalArgumentException("the " + what + " " + quoted(value)
            + " is not xtext (RFC 3461 section 4): encode '=' and non-ASCII as +XX");
      }
    }
    return value;
  }

  private static String quoted(String value) {
    return "\"" + value.replace("\r", "\\r").replace("\n", "\\n") + "\"";
  }
}
