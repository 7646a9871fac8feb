package dev.sluice.node.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.node.smtp.client.SmtpClient;
import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.decision.NextHop;
import dev.sluice.routing.decision.NextHopType;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.firewall.HeaderFirewall;
import dev.sluice.routing.model.ExtendedRight;
import dev.sluice.routing.model.ProtocolLoggingLevel;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.SmartHost;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.TransportServer;
import dev.sluice.routing.model.UsageType;
import dev.sluice.routing.validate.UsageDefaults;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which principal, rights, TLS and login each kind of hop gets (issue 5, points 2 and 4). */
class SessionPlansTest {
  private static final SslContext ANY = context(true);
  private static final SslContext CHECKING = context(false);
  private final SessionPlans plans = new SessionPlans("HUB1", "hub1.sluice.test", ANY, CHECKING,
      () -> Optional.of("node-secret"), id -> id.equals("smarthost-out")
          ? Optional.of(new SmtpClient.Login("alice", "pw")) : Optional.empty(), Duration.ofSeconds(30));

  private static SslContext context(boolean any) {
    try {
      SslContextBuilder b = SslContextBuilder.forClient().endpointIdentificationAlgorithm(null);
      return (any ? b.trustManager(InsecureTrustManagerFactory.INSTANCE) : b).build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SendConnector connector(UsageType usage, SmartHostAuthMechanism auth, boolean dns) {
    SendConnector.Builder b = SendConnector.builder("out").addressSpaces(List.of(AddressSpace.parse("SMTP:example.org;1")))
        .sourceTransportServers("HUB1").dnsRoutingEnabled(dns).sourceIpAddress("127.0.0.9")
        .smtpMaxMessagesPerConnection(7).connectionInactivityTimeout(Duration.ofSeconds(42))
        .protocolLoggingLevel(ProtocolLoggingLevel.VERBOSE);
    if (!dns) {
      b.smartHosts(List.of(SmartHost.parse("smart.example.org")));
    }
    if (auth == SmartHostAuthMechanism.BASIC_AUTH || auth == SmartHostAuthMechanism.BASIC_AUTH_REQUIRE_TLS) {
      b.authenticationCredential("smarthost-out");
    }
    if (usage == UsageType.PARTNER) {
      b.domainSecureEnabled(true);
    }
    return UsageDefaults.newConnector(b, Optional.of(usage), Optional.of(auth));
  }

  private SessionPlan leaving(SendConnector c) {
    RoutingDecision.DeliveryTarget target = c.dnsRoutingEnabled()
        ? new RoutingDecision.DeliveryTarget.Mx("example.org", 25, false)
        : new RoutingDecision.DeliveryTarget.SmartHosts(c.smartHosts(), 25);
    NextHopType type = c.dnsRoutingEnabled() ? NextHopType.DNS_CONNECTOR_DELIVERY : NextHopType.SMART_HOST_CONNECTOR_DELIVERY;
    return plans.plan(new RoutingDecision.Deliver(new NextHop(type, "example.org", "out"), c, target));
  }

  @Test
  void anInternetConnectorGoesAnonymousWithTheRoutingRightAloneAndOpportunisticTls() {
    SessionPlan plan = leaving(connector(UsageType.INTERNET, SmartHostAuthMechanism.NONE, true));
    assertThat(plan.principal()).isEqualTo("Anonymous");
    assertThat(plan.rights()).containsExactly(ExtendedRight.SEND_HEADERS_ROUTING);
    assertThat(plan.settings().tls().require()).isFalse();
    assertThat(plan.settings().tls().ignoreStartTls()).isFalse();
    assertThat(plan.settings().login()).isEmpty();
    assertThat(plan.settings().sourceAddress()).get().asString().contains("127.0.0.9");
    assertThat(plan.settings().maxMessagesPerConnection()).isEqualTo(7);
    assertThat(plan.settings().inactivityTimeout()).isEqualTo(Duration.ofSeconds(42));
    assertThat(plan.settings().protocolLogging()).isEqualTo(ProtocolLoggingLevel.VERBOSE);
  }

  @Test
  void aCustomConnectorWithNoneHoldsNoRightAtAll() {
    assertThat(leaving(connector(UsageType.CUSTOM, SmartHostAuthMechanism.NONE, false)).rights()).isEmpty();
  }

  @Test
  void basicAuthRequireTlsLogsInOnlyInsideTlsAndChecksTheSmartHostsName() {
    SessionPlan plan = leaving(connector(UsageType.CUSTOM, SmartHostAuthMechanism.BASIC_AUTH_REQUIRE_TLS, false));
    assertThat(plan.principal()).isEqualTo("Anonymous");
    assertThat(plan.settings().login()).get().extracting(SmtpClient.Login::username).isEqualTo("alice");
    SmtpClient.Tls tls = plan.settingsFor("smart.example.org").tls();
    assertThat(tls.require()).isTrue();
    assertThat(tls.context()).containsSame(CHECKING);
    assertThat(tls.verifyName()).contains("smart.example.org");
  }

  @Test
  void exchangeServerAuthenticationUsesTheNodeSecretAndActsAsExchangeServers() {
    SessionPlan plan = leaving(connector(UsageType.INTERNAL, SmartHostAuthMechanism.EXCHANGE_SERVER, false));
    assertThat(plan.principal()).isEqualTo("ExchangeServers");
    assertThat(plan.settings().login()).contains(new SmtpClient.Login("HUB1", "node-secret"));
    assertThat(plan.rights()).contains(ExtendedRight.SEND_HEADERS_ORGANIZATION, ExtendedRight.SEND_HEADERS_FOREST);
  }

  @Test
  void externalAuthoritativeActsAsExternallySecuredServersWithoutALogin() {
    SessionPlan plan = leaving(connector(UsageType.INTERNAL, SmartHostAuthMechanism.EXTERNAL_AUTHORITATIVE, false));
    assertThat(plan.principal()).isEqualTo("ExternallySecuredServers");
    assertThat(plan.settings().login()).isEmpty();
    assertThat(plan.rights()).contains(ExtendedRight.SEND_HEADERS_ORGANIZATION);
  }

  @Test
  void aDomainSecuredPartnerConnectorRequiresTlsNamingTheRecipientDomain() {
    SessionPlan plan = leaving(connector(UsageType.PARTNER, SmartHostAuthMechanism.NONE, true));
    assertThat(plan.principal()).isEqualTo("PartnerServers");
    assertThat(plan.rights()).containsExactly(ExtendedRight.SEND_HEADERS_ROUTING);
    SmtpClient.Tls tls = plan.settingsFor("mx.example.org").tls();
    assertThat(tls.require()).isTrue();
    assertThat(tls.verifyName()).contains("example.org");
  }

  @Test
  void aHopInsideTheOrganizationAuthenticatesAsThisServerAndKeepsEveryHeader() {
    SessionPlan plan = plans.plan(new RoutingDecision.RelayToSourceServers(
        new NextHop(NextHopType.SMTP_RELAY_TO_CONNECTOR_SOURCE_SERVERS, "out", "out"), "out",
        List.of(TransportServer.hub("HUB2", "Site-A"))));
    assertThat(plan.principal()).isEqualTo("ExchangeServers");
    assertThat(plan.rights()).isEqualTo(HeaderFirewall.EVERY_RIGHT);
    assertThat(plan.settings().login()).contains(new SmtpClient.Login("HUB1", "node-secret"));
    assertThat(plan.settings().tls().require()).isFalse();
    assertThat(plan.settings().sourceAddress()).isEmpty();
  }

  @Test
  void aHopInsideTheOrganizationLeavesFromTheAddressTheNodeServesSmtpOn() throws Exception {
    java.net.InetAddress listen = java.net.InetAddress.getByName("127.0.0.80");
    SessionPlans bound = new SessionPlans("HUB1", "hub1.sluice.test", ANY, CHECKING, () -> Optional.of("s"),
        id -> Optional.empty(), Duration.ofSeconds(30), Optional.of(listen));
    RoutingDecision relay = new RoutingDecision.RelayToSourceServers(
        new NextHop(NextHopType.SMTP_RELAY_TO_CONNECTOR_SOURCE_SERVERS, "out", "out"), "out",
        List.of(TransportServer.hub("HUB2", "Site-A")));
    assertThat(bound.plan(relay).settings().sourceAddress()).contains(listen);
    SessionPlans wildcard = new SessionPlans("HUB1", "hub1.sluice.test", ANY, CHECKING, () -> Optional.of("s"),
        id -> Optional.empty(), Duration.ofSeconds(30), Optional.of(java.net.InetAddress.getByName("0.0.0.0")));
    assertThat(wildcard.plan(relay).settings().sourceAddress()).isEmpty();
  }
}
