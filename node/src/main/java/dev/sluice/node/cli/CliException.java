package dev.sluice.node.cli;

/**
 * A refusal of the CLI's own (not the directory's), with the exit code it ends the process with and a
 * message that says what to fix.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** A refusal: the command was understood, and what it asks for is not done. */
  static CliException refused(String message) {
    return new CliException(ExitCodes.REFUSED, message);
  }

  /** The options given do not make a command. */
  static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message);
  }

  int exitCode() {
    return exitCode;
  }
}
