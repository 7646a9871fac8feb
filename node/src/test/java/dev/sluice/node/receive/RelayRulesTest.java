package dev.sluice.node.receive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.directory.DefaultReceiveConnector;
import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.AcceptedDomainType;
import dev.sluice.routing.model.ReceiveConnector.Binding;
import dev.sluice.routing.model.TransportServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RelayRulesTest {
  private static final List<AcceptedDomain> ACCEPTED = List.of(
      new AcceptedDomain("contoso.com", AcceptedDomainType.AUTHORITATIVE),
      new AcceptedDomain("*.fabrikam.com", AcceptedDomainType.INTERNAL_RELAY));

  @ParameterizedTest
  @CsvSource({
      "ANONYMOUS, contoso.com, true",
      "ANONYMOUS, CONTOSO.COM., true",
      "ANONYMOUS, sub.contoso.com, false",
      "ANONYMOUS, fabrikam.com, true",
      "ANONYMOUS, eu.fabrikam.com, true",
      "ANONYMOUS, example.org, false",
      "PARTNER, example.org, false",
      "PARTNER, contoso.com, true",
      "SMTP_USER, example.org, true",
      "EXCHANGE_SERVER, example.org, true",
  })
  void noOpenRelay(SessionPrincipal principal, String domain, boolean allowed) {
    assertThat(RelayRules.mayReceiveFor(principal, domain, ACCEPTED)).isEqualTo(allowed);
  }

  @Test
  void theDefaultConnectorTakesAnonymousNodesPartnersAndAuthenticatedUsers() {
    var receive = DefaultReceiveConnector.of(TransportServer.hub("HUB1", "Site-A"), Binding.parse("0.0.0.0:25"));
    for (SessionPrincipal p : SessionPrincipal.values()) {
      assertThat(RelayRules.maySubmit(receive, p)).as(p.name()).isTrue();
    }
  }

  @Test
  void externallySecuredNeedsExternalAuthoritativeAndTheExchangeServersGroup() {
    var base = DefaultReceiveConnector.of(TransportServer.hub("HUB1", "Site-A"), Binding.parse("0.0.0.0:25"));
    var external = java.util.Set.of(dev.sluice.routing.model.ReceiveConnector.ReceiveAuthMechanism.EXTERNAL_AUTHORITATIVE);
    var servers = java.util.Set.of(dev.sluice.routing.model.ReceiveConnector.PermissionGroup.EXCHANGE_SERVERS);
    var anonymous = java.util.Set.of(dev.sluice.routing.model.ReceiveConnector.PermissionGroup.ANONYMOUS_USERS);
    assertThat(RelayRules.externallySecured(with(base, external, servers))).isTrue();
    assertThat(RelayRules.externallySecured(with(base, external, anonymous))).isFalse();
    assertThat(RelayRules.externallySecured(base)).as("the default connector").isFalse();
  }

  private static dev.sluice.routing.model.ReceiveConnector with(dev.sluice.routing.model.ReceiveConnector c,
      java.util.Set<dev.sluice.routing.model.ReceiveConnector.ReceiveAuthMechanism> auth,
      java.util.Set<dev.sluice.routing.model.ReceiveConnector.PermissionGroup> groups) {
    return new dev.sluice.routing.model.ReceiveConnector(c.server(), c.name(), c.bindings(), c.remoteIpRanges(), auth,
        groups, c.fqdn(), c.enabled(), c.limits());
  }
}
