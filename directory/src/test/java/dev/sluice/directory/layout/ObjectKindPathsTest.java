package dev.sluice.directory.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.directory.ObjectKind;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ObjectKindPathsTest {
  private static final DirectoryLayout LAYOUT = DirectoryLayout.forOrganization("Contoso");

  static Stream<Arguments> objects() {
    return Stream.of(
        Arguments.of(ObjectKind.SITE, "Site-A", "/sluice/contoso/config/sites/site-a"),
        Arguments.of(ObjectKind.SITE_LINK, "A-B", "/sluice/contoso/config/site-links/a-b"),
        Arguments.of(ObjectKind.SERVER, "HUB1", "/sluice/contoso/config/servers/hub1"),
        Arguments.of(ObjectKind.ACCEPTED_DOMAIN, "*.Contoso.com", "/sluice/contoso/config/accepted-domains/*.contoso.com"),
        Arguments.of(ObjectKind.SEND_CONNECTOR, "EdgeSync - Inbound to Site-A",
            "/sluice/contoso/config/connectors/send/edgesync - inbound to site-a"),
        Arguments.of(ObjectKind.FOREIGN_CONNECTOR, "To Fax", "/sluice/contoso/config/connectors/foreign/to fax"),
        Arguments.of(ObjectKind.RECEIVE_CONNECTOR, "HUB1\\Default HUB1",
            "/sluice/contoso/config/connectors/receive/hub1/default hub1"),
        Arguments.of(ObjectKind.RECEIVE_CONNECTOR, "HUB1\\a/b\\c", "/sluice/contoso/config/connectors/receive/hub1/a%2Fb\\c"),
        Arguments.of(ObjectKind.EDGE_SUBSCRIPTION, "EDGE1", "/sluice/contoso/config/edge-subscriptions/edge1"),
        Arguments.of(ObjectKind.SMTP_USER, "relay-app", "/sluice/contoso/config/users/relay-app"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("objects")
  void anObjectsZnodeIsUnderItsContainerAndClassifiedAsItsKind(ObjectKind<?> kind, String id, String path) {
    assertThat(kind.path(LAYOUT, id)).isEqualTo(path);
    assertThat(ObjectKind.ofPath(LAYOUT, path)).contains(kind);
  }

  @Test
  void containersAndWhatIsNotConfigurationAreNoObjects() {
    for (String container : LAYOUT.containers()) {
      assertThat(ObjectKind.ofPath(LAYOUT, container)).as(container).isEmpty();
    }
    assertThat(ObjectKind.ofPath(LAYOUT, LAYOUT.receiveConnectorsOf("HUB1")))
        .as("a server's container of Receive connectors").isEmpty();
    assertThat(ObjectKind.ofPath(LAYOUT, LAYOUT.member("HUB1"))).isEmpty();
    assertThat(ObjectKind.ofPath(LAYOUT, LAYOUT.secret("fabrikam-relay"))).isEmpty();
    assertThat(ObjectKind.ofPath(LAYOUT, LAYOUT.sites() + "/site-a/child")).as("below an object").isEmpty();
    assertThat(ObjectKind.ofPath(LAYOUT, "/")).isEmpty();
  }

  @Test
  void anObjectOfAnotherRootIsNotClassified() {
    DirectoryLayout other = DirectoryLayout.at("/sluice/fabrikam");

    assertThat(ObjectKind.ofPath(other, ObjectKind.SITE.path(LAYOUT, "Site-A"))).isEmpty();
    assertThat(ObjectKind.ofPath(other, ObjectKind.SITE.path(other, "Site-A"))).contains(ObjectKind.SITE);
  }

  @Test
  void aReceiveConnectorIdentityNeedsItsServer() {
    for (String id : new String[] {"Default HUB1", "\\Default HUB1", "HUB1\\"}) {
      assertThatThrownBy(() -> ObjectKind.RECEIVE_CONNECTOR.path(LAYOUT, id)).as(id)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be SERVER\\Name");
    }
  }

  @Test
  void onlyReceiveConnectorsLiveInAContainerPerServer() {
    assertThat(ObjectKind.ALL).filteredOn(ObjectKind::perServer).containsExactly(ObjectKind.RECEIVE_CONNECTOR);
  }
}
