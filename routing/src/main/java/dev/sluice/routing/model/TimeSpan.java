package dev.sluice.routing.model;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time spans as Exchange writes them ({@code 00:10:00}, {@code 1.00:00:00}) or short ({@code 10m},
 * {@code 30s}, {@code 2h}, {@code 1d}).
 *
 * <p>Stateless; {@link #parse} throws IllegalArgumentException naming the text and the accepted forms.
 */
public final class TimeSpan {
  private static final Pattern EXCHANGE = Pattern.compile("(?:(\\d+)\\.)?(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,7}))?");
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private TimeSpan() {}

  /** Parses {@code [d.]hh:mm:ss[.fffffff]} or a number with a unit (ms, s, m, h, d). */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    Matcher m = EXCHANGE.matcher(t);
    try {
      if (m.matches()) {
        int minutes = Integer.parseInt(m.group(3));
        int seconds = Integer.parseInt(m.group(4));
        if (minutes > 59 || seconds > 59) {
          throw bad(text);
        }
        Duration d = Duration.ofDays(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
            .plusHours(Integer.parseInt(m.group(2)))
            .plusMinutes(minutes)
            .plusSeconds(seconds);
        if (m.group(5) != null) {
          String ticks = (m.group(5) + "0000000").substring(0, 7);
          d = d.plusNanos(Long.parseLong(ticks) * 100);
        }
        return d;
      }
      Matcher s = SHORT.matcher(t);
      if (s.matches()) {
        long n = Long.parseLong(s.group(1));
        return switch (s.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw bad(text);
    }
    throw bad(text);
  }

  /** Exchange's form: {@code 00:10:00}, {@code 1.00:00:00}, with a fraction only when there is one. */
  public static String print(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("a time span must not be negative: " + d);
    }
    long days = d.toDays();
    String out = String.format(Locale.ROOT, "%s%02d:%02d:%02d", days > 0 ? days + "." : "", d.toHoursPart(),
        d.toMinutesPart(), d.toSecondsPart());
    // Exchange's finest unit is the 100 ns tick; anything finer is dropped rather than printed as "01.".
    int nanos = d.toNanosPart() / 100 * 100;
    if (nanos != 0) {
      out += String.format(Locale.ROOT, ".%07d", nanos / 100).replaceAll("0+$", "");
    }
    return out;
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException("time span '" + text
        + "' is not [d.]hh:mm:ss (such as 00:10:00 or 1.00:00:00) or a number with ms, s, m, h or d (such as 10m)");
  }
}
