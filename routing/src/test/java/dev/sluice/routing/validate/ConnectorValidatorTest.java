package dev.sluice.routing.validate;

import static dev.sluice.routing.validate.Fixtures.CONTOSO;
import static dev.sluice.routing.validate.Fixtures.FABRIKAM;
import static dev.sluice.routing.validate.Fixtures.X400;
import static dev.sluice.routing.validate.Fixtures.dns;
import static dev.sluice.routing.validate.Fixtures.dnsContoso;
import static dev.sluice.routing.validate.Fixtures.org;
import static dev.sluice.routing.validate.Fixtures.smart;
import static dev.sluice.routing.validate.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.model.ForeignConnector;
import dev.sluice.routing.model.MaxMessageSize;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.UsageType;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectorValidatorTest {

  /**
   * One Send connector rule: a connector that breaks it and a near one that keeps it.
   *
   * @param around the organization before the write (the connector is added to it)
   * @param property the property the problem must name
   * @param says a fragment of the message, to tell the rule from others on the same property
   */
  record SendCase(
      String rule,
      UnaryOperator<OrganizationConfig> around,
      SendConnector.Builder failing,
      SendConnector.Builder passing,
      String property,
      String says) {
    SendCase(String rule, SendConnector.Builder failing, SendConnector.Builder passing, String property, String says) {
      this(rule, o -> o, failing, passing, property, says);
    }

    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<SendCase> sendRules() {
    SendConnector onHub2Linked =
        smart().name("Other").sourceTransportServers("HUB2").linkedReceiveConnector("Relay In")
            .maxMessageSize(MaxMessageSize.UNLIMITED).build();
    return Stream.of(
        new SendCase("at least one source server",
            dns().sourceTransportServers(List.of()), dns(), "SourceTransportServers", "at least one"),
        new SendCase("every source server is a configured server",
            dns().sourceTransportServers("HUB9"), dns(), "SourceTransportServers", "'HUB9' is not a configured"),
        new SendCase("source servers are all Hub or all Edge",
            dns().sourceTransportServers("HUB1", "EDGE1"), dns().sourceTransportServers("HUB1", "HUB2"),
            "SourceTransportServers", "mix Hub servers (HUB1) and Edge servers (EDGE1)"),
        new SendCase("Edge source servers are subscribed",
            dns().sourceTransportServers("EDGE2"), dns().sourceTransportServers("EDGE1"),
            "SourceTransportServers", "'EDGE2' has no Edge subscription"),
        new SendCase("at least one address space",
            dns().addressSpaces(List.of()), dns(), "AddressSpaces", "at least one"),
        new SendCase("the same address space not twice",
            dns().addressSpaces(List.of(CONTOSO, AddressSpace.smtp("CONTOSO.COM", 7))),
            dns().addressSpaces(List.of(CONTOSO, FABRIKAM)), "AddressSpaces", "'SMTP:contoso.com' is listed twice"),
        new SendCase("an Edge connector takes SMTP spaces only",
            smart().sourceTransportServers("EDGE1").addressSpaces(List.of(X400)),
            smart().sourceTransportServers("EDGE1"), "AddressSpaces", "takes SMTP address spaces only"),
        new SendCase("a non-SMTP space needs smart hosts",
            dns().addressSpaces(List.of(X400)), smart().addressSpaces(List.of(X400)),
            "SmartHosts", "'X400:o=MySite;p=MyOrg' is not SMTP"),
        new SendCase("DNS routing and smart hosts exclude each other",
            smart().dnsRoutingEnabled(true), smart(), "DNSRoutingEnabled", "exclude each other"),
        new SendCase("DNS routing or smart hosts is set",
            dns().dnsRoutingEnabled(false), dns(), "SmartHosts", "no next hop"),
        new SendCase("smart host -- only on an Edge connector",
            smart().smartHosts("--"), smart().smartHosts("--").sourceTransportServers("EDGE1"),
            "SmartHosts", "only for a connector whose source servers are Edge servers"),
        new SendCase("smart host -- alone",
            smart().sourceTransportServers("EDGE1").smartHosts("--", "mail.contoso.com"),
            smart().sourceTransportServers("EDGE1").smartHosts("--"), "SmartHosts", "must be the only one"),
        new SendCase("Internal usage needs smart hosts",
            dnsContoso().usageType(UsageType.INTERNAL), smart().usageType(UsageType.INTERNAL),
            "SmartHosts", "an Internal connector"),
        new SendCase("UseExternalDNSServersEnabled needs DNS routing",
            smart().useExternalDnsServersEnabled(true), dns().useExternalDnsServersEnabled(true),
            "UseExternalDNSServersEnabled", "only for MX lookups"),
        new SendCase("smart host authentication needs smart hosts",
            dns().smartHostAuthMechanism(SmartHostAuthMechanism.EXTERNAL_AUTHORITATIVE),
            smart().smartHostAuthMechanism(SmartHostAuthMechanism.EXTERNAL_AUTHORITATIVE),
            "SmartHostAuthMechanism", "ExternalAuthoritative applies to smart hosts only"),
        new SendCase("RequireTLS needs smart hosts",
            dns().requireTls(true), smart().requireTls(true), "RequireTLS", "routes by DNS cannot require TLS"),
        new SendCase("RequireTLS with IgnoreStartTLS is a contradiction",
            smart().requireTls(true).ignoreStartTls(true), smart().requireTls(true),
            "IgnoreStartTLS", "RequireTLS true and IgnoreStartTLS true"),
        new SendCase("BasicAuthRequireTLS with IgnoreStartTLS is a contradiction",
            smart().smartHostAuthMechanism(SmartHostAuthMechanism.BASIC_AUTH_REQUIRE_TLS)
                .authenticationCredential("relay-secret").ignoreStartTls(true),
            smart().smartHostAuthMechanism(SmartHostAuthMechanism.BASIC_AUTH_REQUIRE_TLS)
                .authenticationCredential("relay-secret"),
            "IgnoreStartTLS", "BasicAuthRequireTLS needs STARTTLS"),
        new SendCase("BasicAuth needs a credential",
            smart().smartHostAuthMechanism(SmartHostAuthMechanism.BASIC_AUTH),
            smart().smartHostAuthMechanism(SmartHostAuthMechanism.BASIC_AUTH).authenticationCredential("relay-secret"),
            "AuthenticationCredential", "BasicAuth sends a user name"),
        new SendCase("BasicAuthRequireTLS needs a credential",
            smart().smartHostAuthMechanism(SmartHostAuthMechanism.BASIC_AUTH_REQUIRE_TLS),
            smart().smartHostAuthMechanism(SmartHostAuthMechanism.BASIC_AUTH_REQUIRE_TLS)
                .authenticationCredential("relay-secret"),
            "AuthenticationCredential", "BasicAuthRequireTLS sends a user name"),
        new SendCase("Partner usage needs DomainSecureEnabled",
            dnsContoso().usageType(UsageType.PARTNER), dnsContoso().usageType(UsageType.PARTNER).domainSecureEnabled(true),
            "DomainSecureEnabled", "a Partner connector"),
        new SendCase("DomainSecureEnabled needs DNS routing",
            smart().domainSecureEnabled(true), dnsContoso().domainSecureEnabled(true),
            "DNSRoutingEnabled", "works with DNS routing only"),
        new SendCase("DomainSecureEnabled needs STARTTLS",
            dnsContoso().domainSecureEnabled(true).ignoreStartTls(true), dnsContoso().domainSecureEnabled(true),
            "IgnoreStartTLS", "domain security (DomainSecureEnabled) needs STARTTLS"),
        new SendCase("DomainSecureEnabled not on '*'",
            dns().domainSecureEnabled(true), dnsContoso().domainSecureEnabled(true), "AddressSpaces", "not '*'"),
        new SendCase("Partner domain security needs DNS routing too",
            smart().usageType(UsageType.PARTNER).domainSecureEnabled(true),
            dnsContoso().usageType(UsageType.PARTNER).domainSecureEnabled(true),
            "DNSRoutingEnabled", "works with DNS routing only"),
        new SendCase("LinkedReceiveConnector exists on a source server",
            smart().linkedReceiveConnector("Nowhere").maxMessageSize(MaxMessageSize.UNLIMITED),
            smart().linkedReceiveConnector("relay in").maxMessageSize(MaxMessageSize.UNLIMITED),
            "LinkedReceiveConnector", "has a Receive connector named 'Nowhere'"),
        new SendCase("LinkedReceiveConnector is a Receive connector of a source server, not another server's",
            smart().sourceTransportServers("HUB3").linkedReceiveConnector("Relay In")
                .maxMessageSize(MaxMessageSize.UNLIMITED),
            smart().sourceTransportServers("HUB2").linkedReceiveConnector("Relay In")
                .maxMessageSize(MaxMessageSize.UNLIMITED),
            "LinkedReceiveConnector", "no source server (HUB3)"),
        new SendCase("a Receive connector is linked to one Send connector only",
            o -> with(o, onHub2Linked),
            smart().sourceTransportServers("HUB1", "HUB2").linkedReceiveConnector("Relay In")
                .maxMessageSize(MaxMessageSize.UNLIMITED),
            smart().linkedReceiveConnector("Relay In").maxMessageSize(MaxMessageSize.UNLIMITED),
            "LinkedReceiveConnector", "Receive connector HUB2\\Relay In is already linked to Send connector 'Other'"),
        new SendCase("a linked connector needs smart hosts",
            dnsContoso().linkedReceiveConnector("Relay In").maxMessageSize(MaxMessageSize.UNLIMITED),
            smart().linkedReceiveConnector("Relay In").maxMessageSize(MaxMessageSize.UNLIMITED),
            "SmartHosts", "LinkedReceiveConnector relays to smart hosts"),
        new SendCase("a linked connector has DNS routing off",
            smart().dnsRoutingEnabled(true).linkedReceiveConnector("Relay In").maxMessageSize(MaxMessageSize.UNLIMITED),
            smart().linkedReceiveConnector("Relay In").maxMessageSize(MaxMessageSize.UNLIMITED),
            "DNSRoutingEnabled", "LinkedReceiveConnector relays to smart hosts"),
        new SendCase("a linked connector has MaxMessageSize unlimited",
            smart().linkedReceiveConnector("Relay In"),
            smart().linkedReceiveConnector("Relay In").maxMessageSize(MaxMessageSize.UNLIMITED),
            "MaxMessageSize", "set MaxMessageSize unlimited"),
        new SendCase("connector names are unique among Send connectors",
            o -> with(o, smart().name("INTERNET").build()), dns(), dns().name("Internet 2"),
            "Name", "another connector named 'INTERNET' (a Send connector)"),
        new SendCase("connector names are unique among Send and Foreign connectors",
            o -> o.withForeignConnectors(List.of(ForeignConnector.of("internet", List.of(X400), List.of("HUB1"), "/drop"))),
            dns(), dns().name("Internet 2"), "Name", "another connector named 'internet' (a Foreign connector)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sendRules")
  void sendConnectorRuleFailsWithAMessageNamingTheProperty(SendCase rule) {
    SendConnector failing = rule.failing().build();
    OrganizationConfig org = with(rule.around().apply(org()), failing);

    List<ValidationProblem> problems = ConnectorValidator.validate(failing, org);

    assertThat(problems)
        .filteredOn(p -> p.property().equals(rule.property()) && p.message().contains(rule.says()))
        .singleElement()
        .satisfies(p -> assertNamesObjectAndProperty(p, "Send connector '" + failing.name() + "'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sendRules")
  void sendConnectorKeepingTheRuleIsValid(SendCase rule) {
    SendConnector passing = rule.passing().build();
    OrganizationConfig org = with(rule.around().apply(org()), passing);

    assertThat(ConnectorValidator.validate(passing, org)).isEmpty();
    assertThat(ConnectorValidator.requireValid(passing, org)).isSameAs(passing);
  }

  /** One Foreign connector rule, as {@link SendCase}. */
  record ForeignCase(
      String rule,
      UnaryOperator<OrganizationConfig> around,
      ForeignConnector failing,
      ForeignConnector passing,
      String property,
      String says) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static ForeignConnector fax(List<AddressSpace> spaces, String... servers) {
    return ForeignConnector.of("Fax", spaces, List.of(servers), "/var/spool/fax");
  }

  static Stream<ForeignCase> foreignRules() {
    UnaryOperator<OrganizationConfig> same = o -> o;
    return Stream.of(
        new ForeignCase("Foreign: at least one source server",
            same, fax(List.of(X400)), fax(List.of(X400), "HUB1"), "SourceTransportServers", "at least one"),
        new ForeignCase("Foreign: every source server is a configured server",
            same, fax(List.of(X400), "HUB9"), fax(List.of(X400), "HUB1"), "SourceTransportServers", "'HUB9'"),
        new ForeignCase("Foreign: source servers are Hubs",
            same, fax(List.of(X400), "EDGE1"), fax(List.of(X400), "HUB1", "HUB2"),
            "SourceTransportServers", "'EDGE1' is an Edge server"),
        new ForeignCase("Foreign: at least one address space (any type, no smart host)",
            same, fax(List.of(), "HUB1"), fax(List.of(X400, CONTOSO), "HUB1"), "AddressSpaces", "at least one"),
        new ForeignCase("Foreign: the same address space not twice",
            same, fax(List.of(X400, X400.withCost(9)), "HUB1"), fax(List.of(X400), "HUB1"),
            "AddressSpaces", "listed twice"),
        new ForeignCase("Foreign: names are unique among Send and Foreign connectors",
            o -> with(o, smart().name("FAX").build()), fax(List.of(X400), "HUB1"),
            ForeignConnector.of("Fax 2", List.of(X400), List.of("HUB1"), "/var/spool/fax"),
            "Name", "another connector named 'FAX' (a Send connector)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("foreignRules")
  void foreignConnectorRuleFailsWithAMessageNamingTheProperty(ForeignCase rule) {
    OrganizationConfig org = rule.around().apply(org()).withForeignConnectors(List.of(rule.failing()));

    assertThat(ConnectorValidator.validate(rule.failing(), org))
        .filteredOn(p -> p.property().equals(rule.property()) && p.message().contains(rule.says()))
        .singleElement()
        .satisfies(p -> assertNamesObjectAndProperty(p, "Foreign connector '" + rule.failing().name() + "'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("foreignRules")
  void foreignConnectorKeepingTheRuleIsValid(ForeignCase rule) {
    OrganizationConfig org = rule.around().apply(org()).withForeignConnectors(List.of(rule.passing()));

    assertThat(ConnectorValidator.validate(rule.passing(), org)).isEmpty();
    assertThat(ConnectorValidator.requireValid(rule.passing(), org)).isSameAs(rule.passing());
  }

  @Test
  void aConnectorNotYetInTheOrganizationIsCheckedTheSame() {
    SendConnector c = dns().build();

    assertThat(ConnectorValidator.validate(c, org())).isEmpty();
    assertThat(ConnectorValidator.validate(c.toBuilder().name("Relay").build(), with(org(), smart().build())))
        .extracting(ValidationProblem::property)
        .containsExactly("Name");
  }

  @Test
  void aConnectorWrittenTwiceClashesWithItsCopy() {
    SendConnector c = dns().build();
    OrganizationConfig org = with(with(org(), c), c);

    assertThat(ConnectorValidator.validate(c, org)).extracting(ValidationProblem::property).containsExactly("Name");
  }

  @Test
  void requireValidThrowsOneLinePerProblemNamingObjectAndProperty() {
    SendConnector c =
        dns().sourceTransportServers("HUB9").requireTls(true).smartHostAuthMechanism(SmartHostAuthMechanism.BASIC_AUTH)
            .build();

    assertThatThrownBy(() -> ConnectorValidator.requireValid(c, with(org(), c)))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.problems())
                  .extracting(ValidationProblem::property)
                  .containsExactly(
                      "SourceTransportServers", "SmartHostAuthMechanism", "RequireTLS", "AuthenticationCredential");
              assertThat(e.getMessage().lines().toList())
                  .hasSize(4)
                  .allSatisfy(line -> assertThat(line).startsWith("Send connector 'Internet', "))
                  .containsExactlyElementsOf(e.problems().stream().map(ValidationProblem::toString).toList());
            })
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aValidationExceptionNeedsAProblem() {
    assertThatThrownBy(() -> new ValidationException(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one problem");
  }

  static void assertNamesObjectAndProperty(ValidationProblem p, String object) {
    assertThat(p.object()).isEqualTo(object);
    assertThat(p.message()).as("the message says which property to change").contains(p.property());
    assertThat(p.toString()).isEqualTo(object + ", " + p.property() + ": " + p.message());
  }
}
