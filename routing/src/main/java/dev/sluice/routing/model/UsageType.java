package dev.sluice.routing.model;


/**
 * The usage type chosen when a Send connector is created; it only sets defaults (reference, Table 1).
 * The defaults themselves are written by {@code dev.sluice.routing.validate.UsageDefaults}.
 */
public enum UsageType {
  CUSTOM("Custom"),
  INTERNAL("Internal"),
  INTERNET("Internet"),
  PARTNER("Partner");

  private final String exchangeName;

  UsageType(String exchangeName) {
    this.exchangeName = exchangeName;
  }

  public String exchangeName() {
    return exchangeName;
  }

  /** Parses Exchange's spelling, case-insensitively. */
  public static UsageType parse(String text) {
    return ExchangeEnums.parse(UsageType.class, UsageType::exchangeName, "usage type", text);
  }

}
