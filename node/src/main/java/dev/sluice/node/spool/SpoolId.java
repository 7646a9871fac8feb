package dev.sluice.node.spool;

/**
 * The spool's name for one stored message: unique among the records of the spool directory and
 * ordered by the time it was stored.
 *
 * <p>The value is {@code millis << 12} plus a counter, so ids sort by storage time and stay unique
 * across restarts (recovery starts above the largest id it read). Its text form is 16 hexadecimal
 * digits, safe in file names and logs.
 *
 * @param value the id; positive
 */
public record SpoolId(long value) implements Comparable<SpoolId> {
  public SpoolId {
    if (value <= 0) {
      throw new IllegalArgumentException("spool id must be positive, not " + value);
    }
  }

  /** Parses the text form written by {@link #toString()}. */
  public static SpoolId parse(String text) {
    try {
      return new SpoolId(Long.parseUnsignedLong(text.strip(), 16));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("spool id must be 16 hexadecimal digits, not '" + text + "'", e);
    }
  }

  @Override
  public int compareTo(SpoolId other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return String.format("%016x", value);
  }
}
