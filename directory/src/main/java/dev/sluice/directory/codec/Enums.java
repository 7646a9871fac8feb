package dev.sluice.directory.codec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

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
    String wanted = key(text);
    for (E constant : type.getEnumConstants()) {
      if (key(constant.name()).equals(wanted)) {
        return constant;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of "
        + Arrays.stream(type.getEnumConstants()).map(Enums::print).collect(Collectors.joining(", ")));
  }

  private static String key(String text) {
    return text.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
  }
}
