package dev.sluice.routing.validate;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveLimits;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A small valid organization and connectors the validation tests start from. */
final class Fixtures {
  private Fixtures() {}

  static final AddressSpace STAR = AddressSpace.smtp("*");
  static final AddressSpace CONTOSO = AddressSpace.smtp("contoso.com");
  static final AddressSpace FABRIKAM = AddressSpace.smtp("fabrikam.com");
  static final AddressSpace X400 = new AddressSpace(false, "X400", "o=MySite;p=MyOrg", 5);

  /**
   * Sites A and B linked; HUB1, HUB2 in A, HUB3 in B; EDGE1 subscribed to A, EDGE2 not subscribed;
   * Receive connector "Relay In" on HUB1 and HUB2.
   */
  static OrganizationConfig org() {
    return OrganizationConfig.empty("Contoso")
        .withSites(List.of(Site.of("Site-A"), Site.of("Site-B")))
        .withSiteLinks(List.of(SiteLink.of("A-B", 10, "Site-A", "Site-B")))
        .withServers(
            List.of(
                TransportServer.hub("HUB1", "Site-A"),
                TransportServer.hub("HUB2", "Site-A"),
                TransportServer.hub("HUB3", "Site-B"),
                TransportServer.edge("EDGE1", "Site-A"),
                TransportServer.edge("EDGE2", "Site-A")))
        .withEdgeSubscriptions(List.of(new EdgeSubscription("EDGE1", "Site-A")))
        .withReceiveConnectors(List.of(receive("HUB1", "Relay In"), receive("HUB2", "Relay In")));
  }

  static ReceiveConnector receive(String server, String name) {
    return new ReceiveConnector(
        server,
        name,
        List.of(ReceiveConnector.Binding.parse("0.0.0.0:25")),
        ReceiveConnector.RemoteIpRange.ANY,
        Set.of(),
        Set.of(),
        Optional.empty(),
        true,
        ReceiveLimits.HUB_DEFAULTS);
  }

  /** A valid connector on HUB1 that routes '*' by DNS. */
  static SendConnector.Builder dns() {
    return SendConnector.builder("Internet").addressSpaces(List.of(STAR)).sourceTransportServers("HUB1");
  }

  /** A valid connector on HUB1 that routes contoso.com by DNS. */
  static SendConnector.Builder dnsContoso() {
    return dns().addressSpaces(List.of(CONTOSO));
  }

  /** A valid connector on HUB1 that relays contoso.com to a smart host. */
  static SendConnector.Builder smart() {
    return SendConnector.builder("Relay")
        .addressSpaces(List.of(CONTOSO))
        .sourceTransportServers("HUB1")
        .smartHosts("mail.contoso.com");
  }

  /** {@code org} as it is after writing {@code c}: with {@code c} among its Send connectors. */
  static OrganizationConfig with(OrganizationConfig org, SendConnector c) {
    List<SendConnector> all = new java.util.ArrayList<>(org.sendConnectors());
    all.add(c);
    return org.withSendConnectors(all);
  }
}
