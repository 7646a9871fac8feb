package dev.sluice.routing.model;

/** Whether a connector writes the protocol log. */
public enum ProtocolLoggingLevel {
  NONE("None"),
  VERBOSE("Verbose");

  private final String exchangeName;

  ProtocolLoggingLevel(String exchangeName) {
    this.exchangeName = exchangeName;
  }

  public String exchangeName() {
    return exchangeName;
  }

  /** Parses Exchange's spelling, case-insensitively. */
  public static ProtocolLoggingLevel parse(String text) {
    for (ProtocolLoggingLevel level : values()) {
      if (ExchangeEnums.key(level.exchangeName).equals(ExchangeEnums.key(text))) {
        return level;
      }
    }
    throw new IllegalArgumentException("protocol logging level '" + text + "' is not None or Verbose");
  }
}
