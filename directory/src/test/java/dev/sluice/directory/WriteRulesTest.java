package dev.sluice.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.ForeignConnector;
import dev.sluice.routing.model.MaxMessageSize;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveLimits;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import dev.sluice.routing.validate.ValidationException;
import dev.sluice.routing.validate.ValidationProblem;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WriteRulesTest {
  private static final String ORG = "Contoso";
  private static final SendConnector INTERNET = SendConnector.builder("To Internet")
      .addressSpaces(List.of(AddressSpace.smtp("*"))).sourceTransportServers("HUB1", "HUB2").build();
  private static final ForeignConnector FAX = ForeignConnector.of("To Fax", List.of(AddressSpace.parse("FAX:*")),
      List.of("HUB1"), "/var/drop");
  private static final ReceiveConnector RELAY_IN_HUB1 = receive("HUB1", "Relay In");
  private static final ReceiveConnector RELAY_IN_HUB3 = receive("HUB3", "Relay In");
  /** Relays what HUB1's "Relay In" receives. */
  private static final SendConnector RELAY = SendConnector.builder("Relay Out")
      .addressSpaces(List.of(AddressSpace.smtp("fabrikam.com"))).sourceTransportServers("HUB1")
      .smartHosts("mail.fabrikam.com").maxMessageSize(MaxMessageSize.UNLIMITED).linkedReceiveConnector("relay in")
      .build();

  /** Sites A and B; HUB1, HUB2 and EDGE1 in A, HUB3 in B; EDGE1 subscribed to A. */
  private static ConfigView organization() {
    return ConfigView.builder()
        .add(ObjectKind.SITE, Site.of("Site-A"))
        .add(ObjectKind.SITE, Site.of("Site-B"))
        .add(ObjectKind.SITE_LINK, SiteLink.of("A-B", 10, "Site-A", "Site-B"))
        .add(ObjectKind.SERVER, TransportServer.hub("HUB1", "Site-A"))
        .add(ObjectKind.SERVER, TransportServer.hub("HUB2", "Site-A"))
        .add(ObjectKind.SERVER, TransportServer.hub("HUB3", "Site-B"))
        .add(ObjectKind.SERVER, TransportServer.edge("EDGE1", "Site-A"))
        .add(ObjectKind.EDGE_SUBSCRIPTION, new EdgeSubscription("EDGE1", "Site-A"))
        .add(ObjectKind.RECEIVE_CONNECTOR, RELAY_IN_HUB1)
        .add(ObjectKind.RECEIVE_CONNECTOR, RELAY_IN_HUB3)
        .build();
  }

  @Test
  void aValidWriteIntroducesNoProblem() {
    ConfigView before = organization();
    ConfigView after = before.with(ObjectKind.SEND_CONNECTOR, INTERNET);

    assertThatCode(() -> WriteRules.requireNoNewProblems(before, after, ORG, List.of("To Internet")))
        .doesNotThrowAnyException();
  }

  @Test
  void aProblemTheDirectoryHadAlreadyDoesNotBlockAnUnrelatedWrite() {
    ConfigView before = organization().with(ObjectKind.SERVER, TransportServer.hub("HUB9", "Site-Gone"));
    ConfigView after = before.with(ObjectKind.SITE, Site.of("Site-C"));

    assertThatCode(() -> WriteRules.requireNoNewProblems(before, after, ORG, List.of()))
        .doesNotThrowAnyException();
  }

  @Test
  void aNewProblemIsReportedAloneBesideAnOldOne() {
    ConfigView before = organization().with(ObjectKind.SERVER, TransportServer.hub("HUB9", "Site-Gone"));
    ConfigView after = before.with(ObjectKind.SERVER, TransportServer.hub("HUB8", "Site-Lost"));

    ValidationException e = catchThrowableOfType(ValidationException.class,
        () -> WriteRules.requireNoNewProblems(before, after, ORG, List.of()));

    assertThat(e).isNotNull();
    assertThat(e.problems()).extracting(ValidationProblem::object).containsExactly("server 'HUB8'");
    assertThat(e.getMessage()).contains("Site-Lost").doesNotContain("Site-Gone");
  }

  @Test
  void theNamedConnectorsAreCheckedAgainstTheOrganizationAfterTheWrite() {
    ConfigView before = organization();
    SendConnector broken = INTERNET.toBuilder().name("Broken").sourceTransportServers("HUB7").build();
    ConfigView after = before.with(ObjectKind.SEND_CONNECTOR, broken);

    ValidationException e = catchThrowableOfType(ValidationException.class,
        () -> WriteRules.requireNoNewProblems(before, after, ORG, List.of("broken")));

    assertThat(e).isNotNull();
    assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.object()).contains("Broken"));
    assertThatCode(() -> WriteRules.requireNoNewProblems(before, after, ORG, List.of()))
        .as("a connector not named is not checked").doesNotThrowAnyException();
  }

  @Test
  void aConnectorsOldProblemDoesNotBlockAnotherChangeToIt() {
    SendConnector broken = INTERNET.toBuilder().name("Broken").sourceTransportServers("HUB7").build();
    ConfigView before = organization().with(ObjectKind.SEND_CONNECTOR, broken);
    ConfigView after = before.with(ObjectKind.SEND_CONNECTOR, broken.toBuilder().comment("still broken").build());

    assertThatCode(() -> WriteRules.requireNoNewProblems(before, after, ORG, List.of("Broken")))
        .doesNotThrowAnyException();
  }

  @Test
  void aServerNamedByConnectorsIsInUseByEach() {
    ConfigView view = organization().with(ObjectKind.SEND_CONNECTOR, INTERNET).with(ObjectKind.FOREIGN_CONNECTOR, FAX);

    DirectoryException.InUse e = catchThrowableOfType(DirectoryException.InUse.class,
        () -> WriteRules.requireServerUnused(view, "hub1"));

    assertThat(e.referrers()).containsExactly("Send connector 'To Internet'", "Foreign connector 'To Fax'");
    assertThat(e.getMessage()).startsWith("server 'hub1' is still named")
        .endsWith(": Send connector 'To Internet', Foreign connector 'To Fax'");
    assertThat(WriteRules.connectorsSourcedBy(view, "HUB2")).containsExactly("To Internet");
  }

  @Test
  void anEdgeServerNamedByItsSubscriptionIsInUse() {
    DirectoryException.InUse e = catchThrowableOfType(DirectoryException.InUse.class,
        () -> WriteRules.requireServerUnused(organization(), "EDGE1"));

    assertThat(e.referrers()).containsExactly("Edge subscription of EDGE1 to site 'Site-A'");
  }

  @Test
  void aServerWhoseReceiveConnectorIsLinkedIsInUseByTheLinkingConnector() {
    ConfigView view = organization().with(ObjectKind.SEND_CONNECTOR, RELAY);

    DirectoryException.InUse e = catchThrowableOfType(DirectoryException.InUse.class,
        () -> WriteRules.requireServerUnused(view, "HUB1"));

    assertThat(e.referrers()).as("named once though it both sources and links").containsExactly(
        "Send connector 'Relay Out'");
  }

  @Test
  void aServerNobodyNamesIsFree() {
    ConfigView view = organization().with(ObjectKind.SEND_CONNECTOR, INTERNET).with(ObjectKind.SEND_CONNECTOR, RELAY);

    assertThatCode(() -> WriteRules.requireServerUnused(view, "HUB3")).doesNotThrowAnyException();
    assertThatCode(() -> WriteRules.requireServerUnused(view, "HUB9")).doesNotThrowAnyException();
  }

  @Test
  void aSiteWithServersAndSubscriptionsIsInUseByThemAndTheirConnectors() {
    ConfigView view = organization().with(ObjectKind.SEND_CONNECTOR, INTERNET);

    DirectoryException.InUse e = catchThrowableOfType(DirectoryException.InUse.class,
        () -> WriteRules.requireSiteUnused(view, "site-a"));

    assertThat(e.referrers()).containsExactly(
        "transport server 'HUB1'", "Send connector 'To Internet'", "transport server 'HUB2'",
        "transport server 'EDGE1'", "Edge subscription of EDGE1");
    assertThat(e.getMessage()).startsWith("site 'site-a' is still in use");
  }

  @Test
  void aSiteWithOnlyASubscriptionIsInUse() {
    ConfigView view = organization().with(ObjectKind.SITE, Site.of("Perimeter"))
        .with(ObjectKind.EDGE_SUBSCRIPTION, new EdgeSubscription("EDGE1", "Perimeter"));

    DirectoryException.InUse e = catchThrowableOfType(DirectoryException.InUse.class,
        () -> WriteRules.requireSiteUnused(view, "Perimeter"));

    assertThat(e.referrers()).containsExactly("Edge subscription of EDGE1");
  }

  @Test
  void anEmptySiteIsFree() {
    ConfigView view = organization().with(ObjectKind.SITE, Site.of("Site-C"));

    assertThatCode(() -> WriteRules.requireSiteUnused(view, "Site-C")).doesNotThrowAnyException();
  }

  @Test
  void aLinkedReceiveConnectorIsInUseAndItsNamesakeOnAnotherServerIsNot() {
    ConfigView view = organization().with(ObjectKind.SEND_CONNECTOR, RELAY);

    DirectoryException.InUse e = catchThrowableOfType(DirectoryException.InUse.class,
        () -> WriteRules.requireReceiveConnectorUnused(view, RELAY_IN_HUB1));

    assertThat(e.referrers()).containsExactly("Send connector 'Relay Out'");
    assertThat(e.getMessage()).startsWith("Receive connector 'HUB1\\Relay In' is linked");
    assertThat(WriteRules.connectorsLinking(view, RELAY_IN_HUB3)).isEmpty();
    assertThatCode(() -> WriteRules.requireReceiveConnectorUnused(view, RELAY_IN_HUB3)).doesNotThrowAnyException();
  }

  private static ReceiveConnector receive(String server, String name) {
    return new ReceiveConnector(server, name, List.of(ReceiveConnector.Binding.parse("0.0.0.0:2525")),
        ReceiveConnector.RemoteIpRange.ANY, Set.of(), Set.of(), Optional.empty(), true, ReceiveLimits.HUB_DEFAULTS);
  }
}
