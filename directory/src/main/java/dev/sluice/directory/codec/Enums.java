package dev.sluice.directory.codec;

import dev.sluice.routing.model.ExchangeEnums;
import java.util.Locale;

/**
 * Writes and reads the model's enums that have no Exchange spelling of their own in CamelCase
 * ({@code BASIC_AUTH} as {@code BasicAuth}), read case-insensitively with or without separators.
 */
final class Enums {
  private Enums() {}

  static String print(Enum<?> value) {
    StringBuilder out = new StringBuilder();
    for (String word : value.name().split("_")) {
      out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }

  static <E extends Enum<E>> E parse(Class<E> type, String text) {
    return ExchangeEnums.parse(type, Enums::print, "", text);
  }
}
