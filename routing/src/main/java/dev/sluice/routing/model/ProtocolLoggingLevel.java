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
    return ExchangeEnums.parse(ProtocolLoggingLevel.class, ProtocolLoggingLevel::exchangeName, "protocol logging level", text);
  }

}
