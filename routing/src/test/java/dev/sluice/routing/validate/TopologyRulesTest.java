package dev.sluice.routing.validate;

import static dev.sluice.routing.validate.Fixtures.X400;
import static dev.sluice.routing.validate.Fixtures.dns;
import static dev.sluice.routing.validate.Fixtures.org;
import static dev.sluice.routing.validate.Fixtures.smart;
import static dev.sluice.routing.validate.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.ForeignConnector;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TopologyRulesTest {

  /** One topology rule: the organization changed to break it, and a near change that keeps it. */
  record TopologyCase(
      String rule,
      UnaryOperator<OrganizationConfig> failing,
      UnaryOperator<OrganizationConfig> passing,
      String object,
      String property,
      String says) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<TopologyCase> topologyRules() {
    return Stream.of(
        new TopologyCase("site links join existing sites",
            o -> o.withSiteLinks(List.of(SiteLink.of("A-X", 10, "Site-A", "Site-X"))),
            o -> o.withSiteLinks(List.of(SiteLink.of("A-B", 10, "site-a", "SITE-B"))),
            "site link 'A-X'", "Sites", "site 'Site-X' does not exist"),
        new TopologyCase("servers name existing sites",
            o -> withServer(o, TransportServer.hub("HUB9", "Site-X")),
            o -> withServer(o, TransportServer.hub("HUB9", "Site-B")),
            "server 'HUB9'", "Site", "site 'Site-X' does not exist"),
        new TopologyCase("an Edge subscription names a configured server",
            o -> withSubscription(o, new EdgeSubscription("EDGE9", "Site-A")),
            o -> withSubscription(o, new EdgeSubscription("EDGE2", "Site-A")),
            "Edge subscription of 'EDGE9'", "EdgeServer", "no server 'EDGE9' is configured"),
        new TopologyCase("an Edge subscription names an Edge server",
            o -> withSubscription(o, new EdgeSubscription("HUB2", "Site-A")),
            o -> withSubscription(o, new EdgeSubscription("edge2", "Site-A")),
            "Edge subscription of 'HUB2'", "EdgeServer", "'HUB2' is a Hub server"),
        new TopologyCase("an Edge subscription names an existing site",
            o -> withSubscription(o, new EdgeSubscription("EDGE2", "Site-X")),
            o -> withSubscription(o, new EdgeSubscription("EDGE2", "Site-B")),
            "Edge subscription of 'EDGE2'", "Site", "site 'Site-X' does not exist"),
        new TopologyCase("an Edge is subscribed at most once",
            o -> withSubscription(o, new EdgeSubscription("edge1", "Site-B")),
            o -> withSubscription(o, new EdgeSubscription("EDGE2", "Site-B")),
            "Edge subscription of 'EDGE1'", "EdgeServer", "'EDGE1' is subscribed 2 times (sites Site-A, Site-B)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topologyRules")
  void topologyRuleFailsWithAMessageNamingTheProperty(TopologyCase rule) {
    assertThat(ConnectorValidator.validateOrganization(rule.failing().apply(org())))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.property()).isEqualTo(rule.property());
              assertThat(p.message()).contains(rule.says());
              ConnectorValidatorTest.assertNamesObjectAndProperty(p, rule.object());
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topologyRules")
  void organizationKeepingTheRuleIsValid(TopologyCase rule) {
    OrganizationConfig org = rule.passing().apply(org());

    assertThat(ConnectorValidator.validateOrganization(org)).isEmpty();
    assertThat(ConnectorValidator.requireValidOrganization(org)).isSameAs(org);
  }

  @Test
  void validateOrganizationChecksEveryConnectorThenTheTopology() {
    OrganizationConfig org =
        with(with(org(), dns().requireTls(true).build()), smart().build())
            .withForeignConnectors(List.of(ForeignConnector.of("Fax", List.of(X400), List.of("EDGE1"), "/drop")))
            .withSiteLinks(List.of(SiteLink.of("A-X", 10, "Site-A", "Site-X")));

    assertThat(ConnectorValidator.validateOrganization(org))
        .extracting(p -> p.object() + "/" + p.property())
        .containsExactly(
            "Send connector 'Internet'/RequireTLS",
            "Foreign connector 'Fax'/SourceTransportServers",
            "site link 'A-X'/Sites");
  }

  @Test
  void requireValidOrganizationListsEveryProblem() {
    OrganizationConfig org =
        withSubscription(withServer(org(), TransportServer.hub("HUB9", "Site-X")), new EdgeSubscription("EDGE9", "Site-Y"));

    assertThatThrownBy(() -> ConnectorValidator.requireValidOrganization(org))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.getMessage().lines())
                .containsExactly(
                    "server 'HUB9', Site: site 'Site-X' does not exist: create it, or give the server an existing Site",
                    "Edge subscription of 'EDGE9', EdgeServer: no server 'EDGE9' is configured: configure that Edge"
                        + " server first, or name a configured one in EdgeServer",
                    "Edge subscription of 'EDGE9', Site: site 'Site-Y' does not exist: subscribe the Edge to an"
                        + " existing Site"));
  }

  @Test
  void theFixtureOrganizationIsValid() {
    assertThat(ConnectorValidator.validateOrganization(org())).isEmpty();
  }

  private static OrganizationConfig withServer(OrganizationConfig org, TransportServer server) {
    List<TransportServer> servers = new ArrayList<>(org.servers());
    servers.add(server);
    return org.withServers(servers);
  }

  private static OrganizationConfig withSubscription(OrganizationConfig org, EdgeSubscription sub) {
    List<EdgeSubscription> subs = new ArrayList<>(org.edgeSubscriptions());
    subs.add(sub);
    return org.withEdgeSubscriptions(subs);
  }
}
