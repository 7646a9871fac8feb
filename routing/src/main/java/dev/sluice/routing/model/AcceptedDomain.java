package dev.sluice.routing.model;

import java.util.Locale;

/**
 * A domain the organization accepts mail for.
 *
 * @param name the administrator's name for it (Exchange's Name; the domain itself when none is given)
 * @param domainName the domain in lower case A-label form, or {@code *.domain} for it and its subdomains
 * @param type Authoritative, InternalRelay or ExternalRelay
 */
public record AcceptedDomain(String name, String domainName, AcceptedDomainType type) {
  public AcceptedDomain {
    domainName = Names.requireName(domainName, "accepted domain name").toLowerCase(Locale.ROOT);
    name = name == null || name.isBlank() ? domainName : name.strip();
    if (type == null) {
      throw new IllegalArgumentException(
          "type of accepted domain " + domainName + " must be Authoritative, InternalRelay or ExternalRelay");
    }
  }

  /** An accepted domain named after itself. */
  public AcceptedDomain(String domainName, AcceptedDomainType type) {
    this(null, domainName, type);
  }
}
