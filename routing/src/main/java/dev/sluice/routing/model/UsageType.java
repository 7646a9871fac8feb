package dev.sluice.routing.model;

import java.util.Arrays;
import java.util.stream.Collectors;

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
    for (UsageType type : values()) {
      if (ExchangeEnums.key(type.exchangeName).equals(ExchangeEnums.key(text))) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "usage type '" + text + "' is not one of "
            + Arrays.stream(values()).map(UsageType::exchangeName).collect(Collectors.joining(", ")));
  }
}
