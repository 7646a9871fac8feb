package dev.sluice.routing.decision;

/**
 * The kinds of next hop, named as Exchange 2007 names its delivery types (Get-Queue's DeliveryType).
 */
public enum NextHopType {
  /** Deliver from here to the MX hosts of the recipient's domain. */
  DNS_CONNECTOR_DELIVERY("DnsConnectorDelivery"),
  /** Deliver from here to the connector's smart hosts. */
  SMART_HOST_CONNECTOR_DELIVERY("SmartHostConnectorDelivery"),
  /** Deliver from here into a Foreign connector's drop directory. */
  NON_SMTP_GATEWAY_DELIVERY("NonSmtpGatewayDelivery"),
  /** Relay to the source servers of the chosen connector (they deliver). */
  SMTP_RELAY_TO_CONNECTOR_SOURCE_SERVERS("SmtpRelayToConnectorSourceServers"),
  /** Relay to the hubs of the next site on the least-cost path. */
  SMTP_RELAY_TO_REMOTE_AD_SITE("SmtpRelayToRemoteAdSite"),
  /** Relay from a hub to an Edge subscribed to its site. */
  SMTP_RELAY_WITHIN_AD_SITE_TO_EDGE("SmtpRelayWithinAdSiteToEdge"),
  /** No route: waits in the Unreachable queue until the configuration changes. */
  UNREACHABLE("Unreachable");

  private final String exchangeName;

  NextHopType(String exchangeName) {
    this.exchangeName = exchangeName;
  }

  public String exchangeName() {
    return exchangeName;
  }
}
