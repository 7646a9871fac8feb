package dev.sluice.routing.validate;

import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.SmartHost;
import dev.sluice.routing.model.UsageType;
import java.util.stream.Stream;

/**
 * The rules on how a Send connector routes: DNS (MX records) or smart hosts, and the smart hosts
 * themselves.
 *
 * <p>Stateless and thread-safe; each rule returns its problems and never throws.
 */
final class SmartHostRules {
  private SmartHostRules() {}

  static Stream<ValidationProblem> check(ConnectorFacts f) {
    return Stream.of(
            notDnsAndSmartHosts(f),
            dnsOrSmartHosts(f),
            organizationHubsOnlyOnEdge(f),
            organizationHubsAlone(f),
            internalNeedsSmartHosts(f),
            externalDnsNeedsDnsRouting(f))
        .flatMap(s -> s);
  }

  // A connector delivers either by MX records or through smart hosts; with both, the operator cannot
  // tell which one a message takes.
  static Stream<ValidationProblem> notDnsAndSmartHosts(ConnectorFacts f) {
    SendConnector c = f.send();
    return f.when(
        c.dnsRoutingEnabled() && !c.smartHosts().isEmpty(),
        "DNSRoutingEnabled",
        "DNS routing and smart hosts exclude each other: set DNSRoutingEnabled false to relay through the"
            + " SmartHosts, or remove the smart hosts");
  }

  // With neither, the connector has no next hop at all.
  static Stream<ValidationProblem> dnsOrSmartHosts(ConnectorFacts f) {
    SendConnector c = f.send();
    return f.when(
        !c.dnsRoutingEnabled() && c.smartHosts().isEmpty(),
        "SmartHosts",
        "the connector has no next hop: give SmartHosts, or set DNSRoutingEnabled true to deliver by MX records");
  }

  // "--" stands for the hubs of the site the Edge is subscribed to; a Hub has no such site to relay to.
  static Stream<ValidationProblem> organizationHubsOnlyOnEdge(ConnectorFacts f) {
    return f.when(
        hasOrganizationHubs(f.send()) && !f.isEdgeConnector(),
        "SmartHosts",
        "smart host '--' (the hubs of the subscribed site) is only for a connector whose source servers are"
            + " Edge servers: name the smart hosts in SmartHosts or use Edge source servers");
  }

  // "--" already means every hub of the site; another smart host beside it would bypass the site.
  static Stream<ValidationProblem> organizationHubsAlone(ConnectorFacts f) {
    SendConnector c = f.send();
    return f.when(
        hasOrganizationHubs(c) && c.smartHosts().size() > 1,
        "SmartHosts",
        "smart host '--' stands for all hubs of the subscribed site and must be the only one: remove the other"
            + " SmartHosts");
  }

  // The reference: "If you select the Internal usage type for the Send connector, you must specify a smart
  // host."
  static Stream<ValidationProblem> internalNeedsSmartHosts(ConnectorFacts f) {
    SendConnector c = f.send();
    return f.when(
        c.usageType() == UsageType.INTERNAL && c.smartHosts().isEmpty(),
        "SmartHosts",
        "an Internal connector relays to a smart host: give SmartHosts (with DNSRoutingEnabled false)");
  }

  // The reference: with UseExternalDNSServersEnabled "the DnsRoutingEnabled parameter ... must also be set
  // to $True"; the external DNS servers serve only MX lookups.
  static Stream<ValidationProblem> externalDnsNeedsDnsRouting(ConnectorFacts f) {
    SendConnector c = f.send();
    return f.when(
        c.useExternalDnsServersEnabled() && !c.dnsRoutingEnabled(),
        "UseExternalDNSServersEnabled",
        "the external DNS servers are used only for MX lookups: set UseExternalDNSServersEnabled false, or"
            + " DNSRoutingEnabled true");
  }

  private static boolean hasOrganizationHubs(SendConnector c) {
    return c.smartHosts().stream().anyMatch(h -> h.kind() == SmartHost.Kind.ORGANIZATION_HUBS);
  }
}
