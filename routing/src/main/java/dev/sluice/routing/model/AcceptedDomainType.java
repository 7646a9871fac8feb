package dev.sluice.routing.model;


/** How the organization treats mail for an accepted domain (Exchange's {@code DomainType}). */
public enum AcceptedDomainType {
  /** The organization holds the mailboxes of this domain. */
  AUTHORITATIVE("Authoritative"),
  /** Some mailboxes live elsewhere inside the organization's trust (another forest, a partner system). */
  INTERNAL_RELAY("InternalRelay"),
  /** Accepted and relayed to a system outside the organization. */
  EXTERNAL_RELAY("ExternalRelay");

  private final String exchangeName;

  AcceptedDomainType(String exchangeName) {
    this.exchangeName = exchangeName;
  }

  /** The spelling Exchange prints and takes. */
  public String exchangeName() {
    return exchangeName;
  }

  /** Parses Exchange's spelling, case-insensitively. */
  public static AcceptedDomainType parse(String text) {
    return ExchangeEnums.parse(AcceptedDomainType.class, AcceptedDomainType::exchangeName, "accepted domain type", text);
  }


  /** Whether the Edge's {@code --} address space stands for domains of this type. */
  public boolean isOrganizationDomain() {
    return this != EXTERNAL_RELAY;
  }
}
