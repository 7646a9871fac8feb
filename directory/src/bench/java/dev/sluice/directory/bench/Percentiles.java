package dev.sluice.directory.bench;

import java.util.Arrays;
import java.util.Locale;

/** Prints the distribution of a sample of durations in milliseconds. */
final class Percentiles {
  private Percentiles() {}

  static String describe(double[] millis) {
    double[] s = millis.clone();
    Arrays.sort(s);
    return String.format(Locale.ROOT, "n=%d  min %.2f  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f ms",
        s.length, s[0], at(s, 0.50), at(s, 0.90), at(s, 0.99), at(s, 0.999), s[s.length - 1]);
  }

  private static double at(double[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }
}
