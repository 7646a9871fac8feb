package dev.sluice.routing.model;

import java.util.Locale;

/**
 * A domain the organization accepts mail for.
 *
 * @param domainName the domain in lower case A-label form, or {@code *.domain} for it and its subdomains
 * @param type Authoritative, InternalRelay or ExternalRelay
 */
public record AcceptedDomain(String domainName, AcceptedDomainType type) {
  public AcceptedDomain {
    domainName = Names.requireName(domainName, "accepted domain name").toLowerCase(Locale.ROOT);
    if (type == null) {
      throw new IllegalArgumentException(
          "type of accepted domain " + domainName + " must be Authoritative, InternalRelay or ExternalRelay");
    }
  }
}
