package dev.sluice.routing.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message size limit in bytes, or unlimited.
 *
 * <p>Text forms, as Exchange takes them: {@code unlimited}, a plain byte count, or a number with a unit
 * {@code B}, {@code KB}, {@code MB}, {@code GB} (binary multiples, as Exchange's ByteQuantifiedSize).
 *
 * @param bytes the limit in bytes; {@link Long#MAX_VALUE} means unlimited
 */
public record MaxMessageSize(long bytes) {
  public static final MaxMessageSize UNLIMITED = new MaxMessageSize(Long.MAX_VALUE);
  /** Exchange 2007's default for Send and Receive connectors. */
  public static final MaxMessageSize TEN_MB = new MaxMessageSize(10L * 1024 * 1024);

  private static final Pattern TEXT =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb)?", Pattern.CASE_INSENSITIVE);

  public MaxMessageSize {
    if (bytes < 1) {
      throw new IllegalArgumentException("MaxMessageSize must be at least 1 byte or unlimited, not " + bytes);
    }
  }

  public static MaxMessageSize ofBytes(long bytes) {
    return new MaxMessageSize(bytes);
  }

  public static MaxMessageSize ofMegabytes(long megabytes) {
    return new MaxMessageSize(megabytes * 1024 * 1024);
  }

  public boolean isUnlimited() {
    return bytes == Long.MAX_VALUE;
  }

  /** Whether a message of {@code size} bytes may pass. */
  public boolean admits(long size) {
    return size <= bytes;
  }

  /** Parses {@code unlimited}, {@code 10MB}, {@code 512 KB} or a byte count. */
  public static MaxMessageSize parse(String text) {
    String t = text.strip();
    if (t.equalsIgnoreCase("unlimited")) {
      return UNLIMITED;
    }
    Matcher m = TEXT.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "MaxMessageSize '" + text + "' is not 'unlimited', a byte count or a size such as 10MB");
    }
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long multiplier =
        switch (unit) {
          case "kb" -> 1024L;
          case "mb" -> 1024L * 1024;
          case "gb" -> 1024L * 1024 * 1024;
          default -> 1L;
        };
    // Exact decimal arithmetic: a double loses whole bytes past 2^53, and rounding past Long.MAX_VALUE
    // would silently turn a typo into "unlimited".
    BigDecimal bytes =
        new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier)).setScale(0, RoundingMode.HALF_UP);
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0) {
      throw new IllegalArgumentException(
          "MaxMessageSize '" + text + "' is too large: write 'unlimited' for no limit");
    }
    return new MaxMessageSize(bytes.longValueExact());
  }

  @Override
  public String toString() {
    if (isUnlimited()) {
      return "unlimited";
    }
    if (bytes % (1024L * 1024) == 0) {
      return bytes / (1024L * 1024) + "MB";
    }
    if (bytes % 1024 == 0) {
      return bytes / 1024 + "KB";
    }
    return bytes + "B";
  }
}
