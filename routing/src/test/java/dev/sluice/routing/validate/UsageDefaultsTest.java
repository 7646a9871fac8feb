package dev.sluice.routing.validate;

import static dev.sluice.routing.validate.Fixtures.dnsContoso;
import static dev.sluice.routing.validate.Fixtures.org;
import static dev.sluice.routing.validate.Fixtures.smart;
import static dev.sluice.routing.validate.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.model.ExtendedRight;
import dev.sluice.routing.model.Permissions;
import dev.sluice.routing.model.Principal;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.UsageType;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageDefaultsTest {

  /** The reference's Table 1, in its own spellings: usage; principals; rights; smart host authentication. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Custom   | ''                                                                   | ''  | None
          Internal | Hub Transport servers; Edge Transport servers; Exchange Servers;       \
                     Externally secured servers; Exchange Legacy Interop universal security group; \
                     Exchange Server 2003 and Exchange 2000 Server bridgehead servers     \
                   | ms-Exch-Send-Headers-Organization; ms-Exch-SMTP-Send-Exch50;          \
                     ms-Exch-Send-Headers-Routing; ms-Exch-Send-Headers-Forest            | Exchange Server
          Internet | Anonymous User Account | Ms-Exch-Send-Headers-Routing                 | None
          Partner  | Partner Servers        | Ms-Exch-Send-Headers-Routing                 | None
          """)
  void defaultsAreThoseOfTable1(String usage, String principals, String rights, String auth) {
    UsageType type = UsageType.parse(usage);
    Set<ExtendedRight> expectedRights = split(rights).stream().map(ExtendedRight::parse).collect(toEnumSet());
    Map<Principal, Set<ExtendedRight>> expected = new EnumMap<>(Principal.class);
    split(principals).forEach(p -> expected.put(Principal.parse(p), expectedRights));

    assertThat(UsageDefaults.permissions(type).entries()).isEqualTo(expected);
    assertThat(UsageDefaults.smartHostAuthMechanism(type)).isEqualTo(SmartHostAuthMechanism.parse(auth));
  }

  @Test
  void internalGrantsItsFourRightsToThreePrincipals() {
    Permissions p = UsageDefaults.permissions(UsageType.INTERNAL);

    assertThat(p.entries().keySet())
        .containsExactlyInAnyOrder(
            Principal.EXCHANGE_SERVERS, Principal.EXTERNALLY_SECURED_SERVERS, Principal.EXCHANGE_LEGACY_INTEROP);
    assertThat(p.rightsOf(Principal.EXCHANGE_LEGACY_INTEROP)).containsExactlyInAnyOrder(ExtendedRight.values());
    assertThat(p.rightsOf(Principal.ANONYMOUS)).isEmpty();
  }

  @Test
  void noUsageGivenMeansCustom() {
    SendConnector c = UsageDefaults.newConnector(smart(), Optional.empty(), Optional.empty());

    assertThat(c.usageType()).isEqualTo(UsageType.CUSTOM);
    assertThat(c.permissions()).isEqualTo(Permissions.NONE);
    assertThat(c.smartHostAuthMechanism()).isEqualTo(SmartHostAuthMechanism.NONE);
  }

  @Test
  void internalWithSmartHostsAuthenticatesAsExchangeServer() {
    SendConnector c = UsageDefaults.newConnector(smart(), Optional.of(UsageType.INTERNAL), Optional.empty());

    assertThat(c.usageType()).isEqualTo(UsageType.INTERNAL);
    assertThat(c.permissions()).isEqualTo(UsageDefaults.permissions(UsageType.INTERNAL));
    assertThat(c.smartHostAuthMechanism()).isEqualTo(SmartHostAuthMechanism.EXCHANGE_SERVER);
    assertThat(ConnectorValidator.validate(c, with(org(), c))).isEmpty();
  }

  @Test
  void dnsRoutingConfiguresNoAuthentication() {
    // The reference's note on Table 1: "If DNS resolution is selected ... no authentication mechanism is
    // configured", even for Internal (which the validator then refuses for want of a smart host).
    SendConnector c = UsageDefaults.newConnector(dnsContoso(), Optional.of(UsageType.INTERNAL), Optional.empty());

    assertThat(c.smartHostAuthMechanism()).isEqualTo(SmartHostAuthMechanism.NONE);
    assertThat(c.permissions()).isEqualTo(UsageDefaults.permissions(UsageType.INTERNAL));
  }

  @Test
  void anExplicitAuthenticationWinsOverTheDefault() {
    SendConnector c =
        UsageDefaults.newConnector(
            smart().authenticationCredential("relay-secret"),
            Optional.of(UsageType.INTERNAL),
            Optional.of(SmartHostAuthMechanism.BASIC_AUTH_REQUIRE_TLS));

    assertThat(c.smartHostAuthMechanism()).isEqualTo(SmartHostAuthMechanism.BASIC_AUTH_REQUIRE_TLS);
    assertThat(ConnectorValidator.validate(c, with(org(), c))).isEmpty();
  }

  @Test
  void internetGrantsRoutingHeadersToAnonymousAndIsValidOnDns() {
    SendConnector c = UsageDefaults.newConnector(Fixtures.dns(), Optional.of(UsageType.INTERNET), Optional.empty());

    assertThat(c.permissions().entries())
        .isEqualTo(Map.of(Principal.ANONYMOUS, Set.of(ExtendedRight.SEND_HEADERS_ROUTING)));
    assertThat(c.smartHostAuthMechanism()).isEqualTo(SmartHostAuthMechanism.NONE);
    assertThat(ConnectorValidator.validate(c, with(org(), c))).isEmpty();
  }

  @Test
  void partnerTurnsDomainSecurityOnAndIsValidOnDns() {
    SendConnector c = UsageDefaults.newConnector(dnsContoso(), Optional.of(UsageType.PARTNER), Optional.empty());

    assertThat(c.domainSecureEnabled()).isTrue();
    assertThat(c.permissions().entries())
        .isEqualTo(Map.of(Principal.PARTNER_SERVERS, Set.of(ExtendedRight.SEND_HEADERS_ROUTING)));
    assertThat(c.smartHostAuthMechanism()).isEqualTo(SmartHostAuthMechanism.NONE);
    assertThat(ConnectorValidator.validate(c, with(org(), c))).isEmpty();
  }

  @Test
  void onlyPartnerTurnsDomainSecurityOn() {
    for (UsageType type : EnumSet.complementOf(EnumSet.of(UsageType.PARTNER))) {
      assertThat(UsageDefaults.newConnector(smart(), Optional.of(type), Optional.empty()).domainSecureEnabled())
          .as(type.exchangeName())
          .isFalse();
    }
  }

  @Test
  void permissionsTheBuilderHoldsAreKept() {
    SendConnector c =
        UsageDefaults.newConnector(
            smart().permissions(Permissions.NONE.grant(Principal.ANONYMOUS, Set.of(ExtendedRight.SEND_HEADERS_FOREST))),
            Optional.of(UsageType.INTERNET),
            Optional.empty());

    assertThat(c.permissions().rightsOf(Principal.ANONYMOUS))
        .containsExactlyInAnyOrder(ExtendedRight.SEND_HEADERS_FOREST, ExtendedRight.SEND_HEADERS_ROUTING);
  }

  @Test
  void removingADefaultRightLeavesTheOthersAndSticks() {
    SendConnector created = UsageDefaults.newConnector(smart(), Optional.of(UsageType.INTERNAL), Optional.empty());

    // Remove-ADPermission -User "Exchange Servers" -ExtendedRights ms-Exch-Send-Exch50
    Permissions revoked =
        created.permissions().revoke(Principal.parse("Exchange Servers"), Set.of(ExtendedRight.parse("ms-Exch-Send-Exch50")));
    SendConnector changed = created.toBuilder().permissions(revoked).comment("no EXCH50").build();

    assertThat(changed.permissions().rightsOf(Principal.EXCHANGE_SERVERS))
        .containsExactlyInAnyOrder(
            ExtendedRight.SEND_HEADERS_ORGANIZATION, ExtendedRight.SEND_HEADERS_ROUTING, ExtendedRight.SEND_HEADERS_FOREST);
    assertThat(changed.permissions().rightsOf(Principal.EXTERNALLY_SECURED_SERVERS))
        .containsExactlyInAnyOrder(ExtendedRight.values());
    assertThat(changed.permissions().rightsOf(Principal.EXCHANGE_LEGACY_INTEROP))
        .containsExactlyInAnyOrder(ExtendedRight.values());
    assertThat(UsageDefaults.permissions(UsageType.INTERNAL).rightsOf(Principal.EXCHANGE_SERVERS))
        .as("the defaults themselves are untouched")
        .contains(ExtendedRight.SEND_EXCH50);
  }

  @Test
  void removingTheOnlyRightOfAPrincipalRemovesItsEntry() {
    Permissions revoked =
        UsageDefaults.permissions(UsageType.INTERNET)
            .revoke(Principal.ANONYMOUS, Set.of(ExtendedRight.SEND_HEADERS_ROUTING));

    assertThat(revoked.entries()).isEmpty();
  }

  private static java.util.List<String> split(String list) {
    return Arrays.stream(list.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static java.util.stream.Collector<ExtendedRight, ?, Set<ExtendedRight>> toEnumSet() {
    return Collectors.toCollection(() -> EnumSet.noneOf(ExtendedRight.class));
  }
}
