package dev.sluice.routing.model;

import java.util.List;
import java.util.Optional;

/**
 * The Send connector permissions of the reference, Table 3, one canonical spelling each.
 *
 * <p>Sluice does not speak XEXCH50: {@link #SEND_EXCH50} is stored and shown, and never acted on.
 */
public enum ExtendedRight {
  SEND_EXCH50("ms-Exch-Send-Exch50", List.of("ms-Exch-SMTP-Send-Exch50")),
  SEND_HEADERS_ROUTING("Ms-Exch-Send-Headers-Routing", List.of()),
  SEND_HEADERS_ORGANIZATION("Ms-Exch-Send-Headers-Organization", List.of()),
  SEND_HEADERS_FOREST("Ms-Exch-Send-Headers-Forest", List.of());

  private final String canonicalName;
  private final List<String> aliases;

  ExtendedRight(String canonicalName, List<String> aliases) {
    this.canonicalName = canonicalName;
    this.aliases = aliases;
  }

  public String canonicalName() {
    return canonicalName;
  }

  /** Finds the right spelled {@code text}, case-insensitively, aliases included. */
  public static Optional<ExtendedRight> find(String text) {
    String wanted = text.strip();
    for (ExtendedRight r : values()) {
      if (r.canonicalName.equalsIgnoreCase(wanted)
          || r.aliases.stream().anyMatch(a -> a.equalsIgnoreCase(wanted))) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Like {@link #find} but throws with the accepted spellings. */
  public static ExtendedRight parse(String text) {
    return find(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "extended right '" + text + "' is not one of ms-Exch-Send-Exch50, "
                        + "Ms-Exch-Send-Headers-Routing, Ms-Exch-Send-Headers-Organization, "
                        + "Ms-Exch-Send-Headers-Forest"));
  }
}
