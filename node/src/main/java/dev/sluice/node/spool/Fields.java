package dev.sluice.node.spool;

/** Checks shared by the envelope's text fields; stateless. */
final class Fields {
  private Fields() {}

  /**
   * Returns the value when it is one line: a CR, LF or NUL in an envelope field would let it
   * inject a header or a command when the message is relayed.
   */
  static String requireLine(String value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
      throw new IllegalArgumentException(what + " must not contain CR, LF or NUL: '" + value.strip() + "'");
    }
    return value;
  }
}
