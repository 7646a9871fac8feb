package dev.sluice.routing.model;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Argument checks shared by the model's compact constructors, so that every record refuses bad input
 * with a message that names the field.
 *
 * <p>Stateless and thread-safe.
 */
public final class Names {
  private Names() {}

  /** Returns {@code value} when it holds a visible character, else throws naming {@code field}. */
  public static String requireName(String value, String field) {
    Objects.requireNonNull(value, () -> field + " must be given");
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
      throw new IllegalArgumentException(field + " must not contain CR, LF or NUL: " + value.strip());
    }
    return value.strip();
  }

  /** Returns an unmodifiable copy of {@code values}, refusing null elements with the field's name. */
  public static <T> List<T> copyOf(List<T> values, String field) {
    Objects.requireNonNull(values, () -> field + " must be given (use an empty list)");
    for (T value : values) {
      Objects.requireNonNull(value, () -> field + " must not hold a null element");
    }
    return List.copyOf(values);
  }

  /** Returns an unmodifiable copy of {@code values}, refusing null elements with the field's name. */
  public static <T> Set<T> copyOf(Set<T> values, String field) {
    Objects.requireNonNull(values, () -> field + " must be given (use an empty set)");
    for (T value : values) {
      Objects.requireNonNull(value, () -> field + " must not hold a null element");
    }
    return Set.copyOf(values);
  }

  /** Throws naming {@code field} unless {@code min <= value <= max}. */
  public static int requireRange(int value, int min, int max, String field) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be between " + min + " and " + max + ", not " + value);
    }
    return value;
  }
}
