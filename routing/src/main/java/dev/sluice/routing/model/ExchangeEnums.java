package dev.sluice.routing.model;

import java.util.Locale;

/** Parsing of the model's enums from Exchange's spellings, case-insensitively, with aliases. */
final class ExchangeEnums {
  private ExchangeEnums() {}

  /** Normalises a spelling for comparison: lower case, no spaces, hyphens or underscores. */
  static String key(String text) {
    return text.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
  }
}
