package dev.sluice.node.cli;

import picocli.CommandLine.Option;

/** {@code --format table|json}, taken by every get verb and by test-route. A picocli mixin. */
final class FormatOption {
  /** How a verb prints what it read. */
  enum Format {
    TABLE,
    JSON
  }

  @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
      description = "table (readable, the default) or json (the directory's own spelling).")
  Format format;

  boolean json() {
    return format == Format.JSON;
  }
}
