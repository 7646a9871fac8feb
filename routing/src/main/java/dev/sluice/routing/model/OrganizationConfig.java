package dev.sluice.routing.model;

import java.util.List;

/**
 * The whole configuration of an organization that routing reads: what the directory holds under
 * {@code /config}, as plain values. Liveness is not here (see {@code dev.sluice.routing.balance.Liveness}):
 * availability never changes a path.
 *
 * @param name the organization's name
 * @param sites its Active Directory sites
 * @param siteLinks the links between them
 * @param servers the configured transport servers
 * @param acceptedDomains the domains it accepts mail for
 * @param sendConnectors its Send connectors
 * @param foreignConnectors its Foreign connectors
 * @param edgeSubscriptions which Edge is subscribed to which site
 * @param receiveConnectors the Receive connectors of every server
 */
public record OrganizationConfig(
    String name,
    List<Site> sites,
    List<SiteLink> siteLinks,
    List<TransportServer> servers,
    List<AcceptedDomain> acceptedDomains,
    List<SendConnector> sendConnectors,
    List<ForeignConnector> foreignConnectors,
    List<EdgeSubscription> edgeSubscriptions,
    List<ReceiveConnector> receiveConnectors) {

  public OrganizationConfig {
    name = Names.requireName(name, "organization name");
    sites = Names.copyOf(sites, "sites");
    siteLinks = Names.copyOf(siteLinks, "site links");
    servers = Names.copyOf(servers, "servers");
    acceptedDomains = Names.copyOf(acceptedDomains, "accepted domains");
    sendConnectors = Names.copyOf(sendConnectors, "Send connectors");
    foreignConnectors = Names.copyOf(foreignConnectors, "Foreign connectors");
    edgeSubscriptions = Names.copyOf(edgeSubscriptions, "Edge subscriptions");
    receiveConnectors = Names.copyOf(receiveConnectors, "Receive connectors");
  }

  /** An organization with nothing configured. */
  public static OrganizationConfig empty(String name) {
    return new OrganizationConfig(name, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
  }

  /** Every connector, Send and Foreign. */
  public List<Connector> connectors() {
    return java.util.stream.Stream.concat(sendConnectors.stream(), foreignConnectors.stream())
        .map(Connector.class::cast)
        .toList();
  }

  public OrganizationConfig withSites(List<Site> v) {
    return new OrganizationConfig(name, v, siteLinks, servers, acceptedDomains, sendConnectors, foreignConnectors, edgeSubscriptions, receiveConnectors);
  }

  public OrganizationConfig withSiteLinks(List<SiteLink> v) {
    return new OrganizationConfig(name, sites, v, servers, acceptedDomains, sendConnectors, foreignConnectors, edgeSubscriptions, receiveConnectors);
  }

  public OrganizationConfig withServers(List<TransportServer> v) {
    return new OrganizationConfig(name, sites, siteLinks, v, acceptedDomains, sendConnectors, foreignConnectors, edgeSubscriptions, receiveConnectors);
  }

  public OrganizationConfig withAcceptedDomains(List<AcceptedDomain> v) {
    return new OrganizationConfig(name, sites, siteLinks, servers, v, sendConnectors, foreignConnectors, edgeSubscriptions, receiveConnectors);
  }

  public OrganizationConfig withSendConnectors(List<SendConnector> v) {
    return new OrganizationConfig(name, sites, siteLinks, servers, acceptedDomains, v, foreignConnectors, edgeSubscriptions, receiveConnectors);
  }

  public OrganizationConfig withForeignConnectors(List<ForeignConnector> v) {
    return new OrganizationConfig(name, sites, siteLinks, servers, acceptedDomains, sendConnectors, v, edgeSubscriptions, receiveConnectors);
  }

  public OrganizationConfig withEdgeSubscriptions(List<EdgeSubscription> v) {
    return new OrganizationConfig(name, sites, siteLinks, servers, acceptedDomains, sendConnectors, foreignConnectors, v, receiveConnectors);
  }

  public OrganizationConfig withReceiveConnectors(List<ReceiveConnector> v) {
    return new OrganizationConfig(name, sites, siteLinks, servers, acceptedDomains, sendConnectors, foreignConnectors, edgeSubscriptions, v);
  }
}
