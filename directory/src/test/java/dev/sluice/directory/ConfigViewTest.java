package dev.sluice.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.AcceptedDomainType;
import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.ForeignConnector;
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
import org.junit.jupiter.api.Test;

class ConfigViewTest {
  private static final Site SITE_A = Site.of("Site-A");
  private static final Site SITE_B = Site.of("Site-B");
  private static final SendConnector INTERNET = SendConnector.builder("To Internet")
      .addressSpaces(List.of(AddressSpace.smtp("*"))).sourceTransportServers("HUB1").build();
  private static final ReceiveConnector DEFAULT_HUB1 = new ReceiveConnector("HUB1", "Default HUB1",
      List.of(ReceiveConnector.Binding.parse("0.0.0.0:25")), ReceiveConnector.RemoteIpRange.ANY, Set.of(), Set.of(),
      Optional.empty(), true, ReceiveLimits.HUB_DEFAULTS);

  @Test
  void objectsAreFoundByIdentityInAnyCase() {
    ConfigView view = ConfigView.builder().add(ObjectKind.SITE, SITE_A).add(ObjectKind.SEND_CONNECTOR, INTERNET)
        .add(ObjectKind.RECEIVE_CONNECTOR, DEFAULT_HUB1).build();

    assertThat(view.get(ObjectKind.SITE, "site-a")).contains(SITE_A);
    assertThat(view.get(ObjectKind.SITE, "SITE-A")).contains(SITE_A);
    assertThat(view.get(ObjectKind.SEND_CONNECTOR, "TO INTERNET")).contains(INTERNET);
    assertThat(view.get(ObjectKind.RECEIVE_CONNECTOR, "hub1\\default hub1")).contains(DEFAULT_HUB1);
    assertThat(view.get(ObjectKind.RECEIVE_CONNECTOR, "Default HUB1")).as("a Receive connector is SERVER\\Name")
        .isEmpty();
    assertThat(view.get(ObjectKind.SEND_CONNECTOR, "Site-A")).as("kinds do not mix").isEmpty();
    assertThat(view.get(ObjectKind.SITE, "Site-B")).isEmpty();
  }

  @Test
  void withAddsToANewViewAndLeavesTheOldOneAlone() {
    ConfigView before = ConfigView.builder().add(ObjectKind.SITE, SITE_A).build();

    ConfigView after = before.with(ObjectKind.SITE, SITE_B);

    assertThat(after.all(ObjectKind.SITE)).containsExactly(SITE_A, SITE_B);
    assertThat(before.all(ObjectKind.SITE)).containsExactly(SITE_A);
    assertThat(before.get(ObjectKind.SITE, "Site-B")).isEmpty();
  }

  @Test
  void withReplacesTheObjectOfTheSameIdentityInItsPlace() {
    ConfigView view = ConfigView.builder().add(ObjectKind.SITE, SITE_A).add(ObjectKind.SITE, SITE_B).build();
    Site renamed = new Site("SITE-a", true);

    ConfigView after = view.with(ObjectKind.SITE, renamed);

    assertThat(after.all(ObjectKind.SITE)).containsExactly(renamed, SITE_B);
    assertThat(view.all(ObjectKind.SITE)).containsExactly(SITE_A, SITE_B);
  }

  @Test
  void withoutRemovesFromANewViewInAnyCase() {
    ConfigView view = ConfigView.builder().add(ObjectKind.SITE, SITE_A).add(ObjectKind.SITE, SITE_B).build();

    ConfigView after = view.without(ObjectKind.SITE, "SITE-A");

    assertThat(after.all(ObjectKind.SITE)).containsExactly(SITE_B);
    assertThat(view.all(ObjectKind.SITE)).containsExactly(SITE_A, SITE_B);
    assertThat(after.without(ObjectKind.SITE, "Site-C").all(ObjectKind.SITE)).containsExactly(SITE_B);
    assertThat(ConfigView.empty().without(ObjectKind.SERVER, "HUB1").all(ObjectKind.SERVER)).isEmpty();
  }

  @Test
  void aViewCannotBeChangedThroughWhatItReturns() {
    ConfigView view = ConfigView.builder().add(ObjectKind.SITE, SITE_A).build();

    assertThatThrownBy(() -> view.all(ObjectKind.SITE).add(SITE_B)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(view.all(ObjectKind.SITE)).containsExactly(SITE_A);
  }

  @Test
  void aBuiltViewDoesNotSeeLaterAdds() {
    ConfigView.Builder builder = ConfigView.builder().add(ObjectKind.SITE, SITE_A);
    ConfigView first = builder.build();

    builder.add(ObjectKind.SITE, SITE_B);

    assertThat(first.all(ObjectKind.SITE)).containsExactly(SITE_A);
    assertThat(builder.build().all(ObjectKind.SITE)).containsExactly(SITE_A, SITE_B);
  }

  @Test
  void addUncheckedRefusesAnObjectOfAnotherKind() {
    ConfigView.Builder builder = ConfigView.builder();

    builder.addUnchecked(ObjectKind.SITE, SITE_A);
    assertThatThrownBy(() -> builder.addUnchecked(ObjectKind.SERVER, SITE_B)).isInstanceOf(ClassCastException.class);
    assertThat(builder.build().all(ObjectKind.SITE)).containsExactly(SITE_A);
    assertThat(builder.build().all(ObjectKind.SERVER)).isEmpty();
  }

  @Test
  void theOrganizationHoldsEveryKindInItsPlace() {
    SiteLink link = SiteLink.of("A-B", 10, "Site-A", "Site-B");
    TransportServer hub = TransportServer.hub("HUB1", "Site-A");
    TransportServer edge = TransportServer.edge("EDGE1", "Site-A");
    AcceptedDomain domain = new AcceptedDomain("contoso.com", AcceptedDomainType.AUTHORITATIVE);
    ForeignConnector fax = ForeignConnector.of("To Fax", List.of(AddressSpace.parse("FAX:*")), List.of("HUB1"), "/drop");
    EdgeSubscription subscription = new EdgeSubscription("EDGE1", "Site-A");
    ConfigView view = ConfigView.builder()
        .add(ObjectKind.SITE, SITE_A).add(ObjectKind.SITE, SITE_B).add(ObjectKind.SITE_LINK, link)
        .add(ObjectKind.SERVER, hub).add(ObjectKind.SERVER, edge).add(ObjectKind.ACCEPTED_DOMAIN, domain)
        .add(ObjectKind.SEND_CONNECTOR, INTERNET).add(ObjectKind.FOREIGN_CONNECTOR, fax)
        .add(ObjectKind.EDGE_SUBSCRIPTION, subscription).add(ObjectKind.RECEIVE_CONNECTOR, DEFAULT_HUB1)
        .add(ObjectKind.SMTP_USER, new SmtpUser("relay-app", "hash"))
        .build();

    OrganizationConfig org = view.organization("Contoso");

    assertThat(org).isEqualTo(new OrganizationConfig("Contoso", List.of(SITE_A, SITE_B), List.of(link),
        List.of(hub, edge), List.of(domain), List.of(INTERNET), List.of(fax), List.of(subscription),
        List.of(DEFAULT_HUB1)));
    assertThat(ConfigView.empty().organization("Contoso")).isEqualTo(OrganizationConfig.empty("Contoso"));
  }
}
