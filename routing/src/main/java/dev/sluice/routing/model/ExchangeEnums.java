package dev.sluice.routing.model;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parsing of the model's enums from Exchange's spellings, case-insensitively, with aliases. */
public final class ExchangeEnums {
  private ExchangeEnums() {}

  /** Normalises a spelling for comparison: lower case, no spaces, hyphens or underscores. */
  public static String key(String text) {
    // A loop, not a regular expression: every stored enum is read through here.
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '_' && c != '-' && !Character.isWhitespace(c)) {
        out.append(Character.toLowerCase(c));
      }
    }
    return out.toString();
  }

  /**
   * The constant of {@code type} whose Exchange spelling is {@code text} (compared by {@link #key});
   * otherwise an error that names {@code what} and lists the accepted spellings.
   */
  public static <E extends Enum<E>> E parse(Class<E> type, Function<E, String> exchangeName, String what, String text) {
    String wanted = key(text);
    for (E constant : type.getEnumConstants()) {
      if (key(exchangeName.apply(constant)).equals(wanted)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        (what.isEmpty() ? "" : what + " ") + "'" + text + "' is not one of "
            + Arrays.stream(type.getEnumConstants()).map(exchangeName).collect(Collectors.joining(", ")));
  }
}
