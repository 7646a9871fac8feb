package dev.sluice.node.cli;

/** The exit codes of the CLI, which scripts rely on. */
final class ExitCodes {
  static final int OK = 0;
  /** Validation, in use, conflict, not found, already exists. */
  static final int REFUSED = 1;
  /** The command line does not parse (picocli's own code for it). */
  static final int USAGE = 2;
  static final int UNREACHABLE = 3;
  static final int ACCESS_DENIED = 4;

  private ExitCodes() {}
}
