package dev.sluice.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.firewall.HeaderFirewall;
import dev.sluice.routing.model.Connector;
import dev.sluice.routing.model.ExtendedRight;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.Principal;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.TransportServer;
import dev.sluice.routing.model.UsageType;
import dev.sluice.routing.validate.ConnectorValidator;
import dev.sluice.routing.validate.UsageDefaults;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The connection scenarios of the reference's Table 2, each built as an administrator would (usage
 * type defaults, then the scenario's settings), validated, and routed end to end in the fixture.
 */
class ReferenceScenariosTest {

  private static SendConnector create(SendConnector.Builder builder, UsageType usage) {
    return UsageDefaults.newConnector(builder, Optional.of(usage), Optional.empty());
  }

  private static SendConnector create(SendConnector.Builder builder, UsageType usage, SmartHostAuthMechanism auth) {
    return UsageDefaults.newConnector(builder, Optional.of(usage), Optional.of(auth));
  }

  private static RoutingDecision route(OrganizationConfig org, String server, String recipient) {
    assertThat(ConnectorValidator.validateOrganization(org)).isEmpty();
    return RoutingTable.build(org).resolve(server, recipient, 1000);
  }

  @Test
  void anEdgeThatSendsToTheInternetUsesAnInternetConnector() {
    SendConnector c = create(SendConnector.builder("EdgeSync - S1 to Internet")
        .addressSpaces(List.of(AddressSpace.parse("SMTP:*;100"))).sourceTransportServers("EDGE1"), UsageType.INTERNET);

    assertThat(c.permissions().rightsOf(Principal.ANONYMOUS)).containsExactly(ExtendedRight.SEND_HEADERS_ROUTING);
    assertThat(c.smartHostAuthMechanism()).isEqualTo(SmartHostAuthMechanism.NONE);
    RoutingDecision d = route(RoutingFixture.with(List.of(c)), "EDGE1", "someone@example.com");
    assertThat(RoutingFixture.describe(d)).isEqualTo("Deliver EdgeSync - S1 to Internet DnsConnectorDelivery:example.com:EdgeSync - S1 to Internet");
  }

  @Test
  void aHubThatSendsToTheInternetUsesAnInternetConnector() {
    SendConnector c = create(SendConnector.builder("Internet").addressSpaces("*").sourceTransportServers("HUB3"),
        UsageType.INTERNET);

    RoutingDecision d = route(RoutingFixture.with(List.of(c)), "HUB1", "someone@example.com");
    assertThat(RoutingFixture.describe(d)).isEqualTo("RelayToSite Internet SmtpRelayToRemoteAdSite:s2:Internet HUB3");
  }

  @Test
  void aSubscribedEdgeSendsToItsHubsThroughAnInternalConnector() {
    SendConnector c = create(SendConnector.builder("EdgeSync - Inbound to S1")
        .addressSpaces(List.of(AddressSpace.parse("SMTP:--;1"))).smartHosts("--").sourceTransportServers("EDGE1"),
        UsageType.INTERNAL);

    assertThat(c.smartHostAuthMechanism()).isEqualTo(SmartHostAuthMechanism.EXCHANGE_SERVER);
    assertThat(c.permissions().rightsOf(Principal.EXCHANGE_SERVERS)).containsExactlyInAnyOrder(ExtendedRight.values());
    RoutingDecision d = route(RoutingFixture.with(List.of(c)), "EDGE1", "user@contoso.com");
    assertThat(RoutingFixture.describe(d)).endsWith("SmartHostConnectorDelivery:--:EdgeSync - Inbound to S1 HUB1,HUB2");
  }

  @Test
  void aCrossForestConnectorIsCustomWithTheForestRightGranted() {
    SendConnector c = create(SendConnector.builder("To Fabrikam forest").addressSpaces("fabrikam.net")
        .smartHosts("hub.fabrikam.net").sourceTransportServers("HUB1").authenticationCredential("secret-1"),
        UsageType.CUSTOM, SmartHostAuthMechanism.BASIC_AUTH_REQUIRE_TLS);
    c = c.toBuilder().permissions(c.permissions().grant(Principal.ANONYMOUS,
        java.util.Set.of(ExtendedRight.SEND_HEADERS_FOREST, ExtendedRight.SEND_HEADERS_ROUTING))).build();

    RoutingDecision d = route(RoutingFixture.with(List.of(c)), "HUB1", "user@fabrikam.net");
    assertThat(RoutingFixture.describe(d)).isEqualTo("Deliver To Fabrikam forest SmartHostConnectorDelivery:hub.fabrikam.net:To Fabrikam forest");

    byte[] headers = ("Received: from hub1\r\nX-MS-Exchange-Forest-RulesExecuted: hub1\r\n"
        + "X-MS-Exchange-Organization-SCL: 1\r\nSubject: hi\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    String sent = new String(HeaderFirewall.filter(headers, c, Principal.ANONYMOUS), StandardCharsets.US_ASCII);
    assertThat(sent).contains("X-MS-Exchange-Forest-RulesExecuted").contains("Received: from hub1")
        .doesNotContain("X-MS-Exchange-Organization-SCL").contains("Subject: hi");
  }

  @Test
  void anUnsubscribedEdgeSendsToHubsThroughAManualCustomConnector() {
    // The unsubscribed Edge keeps its own directory (an Edge-only organization), as an Exchange Edge keeps ADAM.
    OrganizationConfig edgeOnly = OrganizationConfig.empty("Perimeter")
        .withSites(List.of(dev.sluice.routing.model.Site.of("DMZ")))
        .withServers(List.of(TransportServer.edge("EDGE9", "DMZ")));
    SendConnector c = create(SendConnector.builder("To Contoso hubs").addressSpaces("contoso.com")
        .smartHosts("hub1.contoso.com", "hub2.contoso.com").sourceTransportServers("EDGE9"),
        UsageType.CUSTOM, SmartHostAuthMechanism.EXTERNAL_AUTHORITATIVE);
    c = c.toBuilder().permissions(c.permissions().grant(Principal.EXTERNALLY_SECURED_SERVERS,
        java.util.Set.of(ExtendedRight.SEND_HEADERS_ROUTING, ExtendedRight.SEND_HEADERS_ORGANIZATION))).build();

    RoutingDecision d = route(edgeOnly.withSendConnectors(List.of(c)), "EDGE9", "user@contoso.com");
    assertThat(d).isInstanceOf(RoutingDecision.Deliver.class);
    assertThat(((RoutingDecision.Deliver) d).target())
        .isEqualTo(new RoutingDecision.DeliveryTarget.SmartHosts(c.smartHosts(), 25));
  }

  @Test
  void aPartnerConnectorUsesMutualTlsByDnsRouting() {
    SendConnector c = create(SendConnector.builder("Partner").addressSpaces("woodgrovebank.com")
        .sourceTransportServers("EDGE1"), UsageType.PARTNER);

    assertThat(c.domainSecureEnabled()).isTrue();
    assertThat(c.dnsRoutingEnabled()).isTrue();
    assertThat(c.ignoreStartTls()).isFalse();
    assertThat(c.permissions().rightsOf(Principal.PARTNER_SERVERS)).containsExactly(ExtendedRight.SEND_HEADERS_ROUTING);
    List<Connector> connectors = List.of(c);
    RoutingDecision d = route(RoutingFixture.with(connectors), "HUB1", "user@woodgrovebank.com");
    assertThat(RoutingFixture.describe(d)).isEqualTo("Relay Partner SmtpRelayWithinAdSiteToEdge:partner:Partner EDGE1");
  }
}
