package dev.sluice.routing.model;


/** How a source server authenticates to a connector's smart hosts (reference, Table 5). */
public enum SmartHostAuthMechanism {
  /** Anonymous. */
  NONE("None"),
  /** AUTH with the connector's credential, in clear if the peer offers no TLS. */
  BASIC_AUTH("BasicAuth"),
  /** STARTTLS first, the smart host's certificate must name it, then AUTH. */
  BASIC_AUTH_REQUIRE_TLS("BasicAuthRequireTLS"),
  /** The node-to-node authentication of Exchange servers. */
  EXCHANGE_SERVER("ExchangeServer"),
  /** The connection is secured outside Sluice (IPsec, a private line). */
  EXTERNAL_AUTHORITATIVE("ExternalAuthoritative");

  private final String exchangeName;

  SmartHostAuthMechanism(String exchangeName) {
    this.exchangeName = exchangeName;
  }

  public String exchangeName() {
    return exchangeName;
  }

  /** Whether this mechanism sends the connector's credential. */
  public boolean needsCredential() {
    return this == BASIC_AUTH || this == BASIC_AUTH_REQUIRE_TLS;
  }

  /** Parses Exchange's spelling, case-insensitively. */
  public static SmartHostAuthMechanism parse(String text) {
    return ExchangeEnums.parse(SmartHostAuthMechanism.class, SmartHostAuthMechanism::exchangeName, "smart host authentication mechanism", text);
  }

}
