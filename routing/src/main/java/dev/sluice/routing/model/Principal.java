package dev.sluice.routing.model;

import java.util.List;
import java.util.Optional;

/**
 * The security principals Send connector permissions are granted to, with the reference's spellings
 * as aliases. A sending session acts as exactly one of them (chosen by how it authenticates).
 */
public enum Principal {
  ANONYMOUS("Anonymous", List.of("Anonymous User Account", "AnonymousUsers", "Anonymous Users")),
  EXCHANGE_SERVERS(
      "ExchangeServers",
      List.of("Hub Transport servers", "Edge Transport servers", "Exchange Servers", "ExchangeServer")),
  EXTERNALLY_SECURED_SERVERS("ExternallySecuredServers", List.of("Externally secured servers")),
  PARTNER_SERVERS("PartnerServers", List.of("Partner Servers", "Partner")),
  EXCHANGE_LEGACY_INTEROP(
      "ExchangeLegacyInterop",
      List.of(
          "Exchange Legacy Interop universal security group",
          "Exchange Legacy Interop",
          "Exchange Server 2003 and Exchange 2000 Server bridgehead servers"));

  private final String canonicalName;
  private final List<String> aliases;

  Principal(String canonicalName, List<String> aliases) {
    this.canonicalName = canonicalName;
    this.aliases = aliases;
  }

  /** The one spelling Sluice prints and stores. */
  public String canonicalName() {
    return canonicalName;
  }

  /** Finds the principal spelled {@code text} (canonical name or an alias, case-insensitively). */
  public static Optional<Principal> find(String text) {
    String wanted = ExchangeEnums.key(text);
    for (Principal p : values()) {
      if (ExchangeEnums.key(p.canonicalName).equals(wanted)
          || p.aliases.stream().anyMatch(a -> ExchangeEnums.key(a).equals(wanted))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Like {@link #find} but throws with the accepted spellings when {@code text} names none. */
  public static Principal parse(String text) {
    return find(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "principal '" + text + "' is not one of Anonymous, ExchangeServers, "
                        + "ExternallySecuredServers, PartnerServers, ExchangeLegacyInterop"));
  }
}
