package dev.sluice.node.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.node.spool.Recipient;
import dev.sluice.routing.RoutingTable;
import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.decision.NextHopType;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.model.ForeignConnector;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.TransportServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recipients split by next hop: one route per destination, whatever the number of recipients. */
class CategorizerTest {
  private static final OrganizationConfig ORG = OrganizationConfig.empty("Contoso")
      .withSites(List.of(Site.of("S1")))
      .withServers(List.of(TransportServer.hub("HUB1", "S1")))
      .withSendConnectors(List.of(SendConnector.builder("Internet").addressSpaces(List.of(AddressSpace.smtp("*", 1)))
          .sourceTransportServers(List.of("HUB1")).build()))
      .withForeignConnectors(List.of(ForeignConnector.of("Fax", List.of(AddressSpace.smtp("fax.contoso.com", 1)),
          List.of("HUB1"), "/var/drop/fax")));

  private static List<Recipient> recipients(String... addresses) {
    return java.util.Arrays.stream(addresses).map(Recipient::of).toList();
  }

  @Test
  void recipientsOfOneDestinationShareOneRouteAndOthersGetTheirOwn() {
    List<Categorizer.Route> routes = Categorizer.split(RoutingTable.build(ORG), "HUB1",
        recipients("a@fabrikam.com", "b@FABRIKAM.com", "c@fax.contoso.com", "d@tailspin.com", "e@fax.contoso.com"), 1000);

    assertThat(routes).extracting(r -> r.nextHop().domain())
        .containsExactly("fabrikam.com", "fax", "tailspin.com");
    assertThat(routes.get(0).recipients()).containsExactly("a@fabrikam.com", "b@FABRIKAM.com");
    assertThat(routes.get(1).recipients()).containsExactly("c@fax.contoso.com", "e@fax.contoso.com");
    assertThat(routes.get(1).nextHop().type()).isEqualTo(NextHopType.NON_SMTP_GATEWAY_DELIVERY);
    assertThat(((RoutingDecision.Deliver) routes.get(1).decision()).target())
        .isEqualTo(new RoutingDecision.DeliveryTarget.DropDirectory("/var/drop/fax"));
  }

  @Test
  void recipientsWithoutARouteWaitTogetherApartFromThoseThatHaveOne() {
    OrganizationConfig noInternet = ORG.withSendConnectors(List.of());
    List<Categorizer.Route> routes = Categorizer.split(RoutingTable.build(noInternet), "HUB1",
        recipients("a@fabrikam.com", "c@fax.contoso.com", "d@tailspin.com"), 1000);

    assertThat(routes).hasSize(2);
    assertThat(routes.get(0).decision()).isInstanceOf(RoutingDecision.Unreachable.class);
    assertThat(routes.get(0).recipients()).containsExactly("a@fabrikam.com", "d@tailspin.com");
    assertThat(routes.get(1).recipients()).containsExactly("c@fax.contoso.com");
  }
}
