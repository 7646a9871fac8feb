package dev.sluice.routing.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrincipalAndRightTest {

  /** Every spelling of the reference (Table 1) and Sluice's own, in any case. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "Anonymous, ANONYMOUS",
    "Anonymous User Account, ANONYMOUS",
    "anonymous users, ANONYMOUS",
    "AnonymousUsers, ANONYMOUS",
    "ExchangeServers, EXCHANGE_SERVERS",
    "Hub Transport servers, EXCHANGE_SERVERS",
    "Edge Transport servers, EXCHANGE_SERVERS",
    "Exchange Servers, EXCHANGE_SERVERS",
    "EXCHANGE-SERVERS, EXCHANGE_SERVERS",
    "ExchangeServer, EXCHANGE_SERVERS",
    "ExternallySecuredServers, EXTERNALLY_SECURED_SERVERS",
    "Externally secured servers, EXTERNALLY_SECURED_SERVERS",
    "PartnerServers, PARTNER_SERVERS",
    "Partner Servers, PARTNER_SERVERS",
    "partner, PARTNER_SERVERS",
    "ExchangeLegacyInterop, EXCHANGE_LEGACY_INTEROP",
    "Exchange Legacy Interop, EXCHANGE_LEGACY_INTEROP",
    "Exchange Legacy Interop universal security group, EXCHANGE_LEGACY_INTEROP",
    "Exchange Server 2003 and Exchange 2000 Server bridgehead servers, EXCHANGE_LEGACY_INTEROP",
    "'  exchange_legacy_interop  ', EXCHANGE_LEGACY_INTEROP"
  })
  void principalSpellings(String text, Principal expected) {
    assertThat(Principal.find(text)).contains(expected);
    assertThat(Principal.parse(text)).isEqualTo(expected);
    assertThat(Principal.parse(expected.canonicalName())).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Everyone", "Exchange", "Servers", ""})
  void unknownPrincipalsAreRefusedWithTheAcceptedSpellings(String text) {
    assertThat(Principal.find(text)).isEmpty();
    assertThatThrownBy(() -> Principal.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("Anonymous, ExchangeServers, ExternallySecuredServers, PartnerServers, ExchangeLegacyInterop");
  }

  /** Table 1 and Table 3 spellings, with the reference's ms-Exch-SMTP-Send-Exch50 alias. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ms-Exch-Send-Exch50, SEND_EXCH50",
    "ms-Exch-SMTP-Send-Exch50, SEND_EXCH50",
    "MS-EXCH-SMTP-SEND-EXCH50, SEND_EXCH50",
    "Ms-Exch-Send-Headers-Routing, SEND_HEADERS_ROUTING",
    "ms-Exch-Send-Headers-Routing, SEND_HEADERS_ROUTING",
    "Ms-Exch-Send-Headers-Organization, SEND_HEADERS_ORGANIZATION",
    "ms-Exch-Send-Headers-Organization, SEND_HEADERS_ORGANIZATION",
    "Ms-Exch-Send-Headers-Forest, SEND_HEADERS_FOREST",
    "' ms-exch-send-headers-forest ', SEND_HEADERS_FOREST"
  })
  void rightSpellings(String text, ExtendedRight expected) {
    assertThat(ExtendedRight.find(text)).contains(expected);
    assertThat(ExtendedRight.parse(text)).isEqualTo(expected);
    assertThat(ExtendedRight.parse(expected.canonicalName())).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ms-Exch-Send-Headers", "Send-Exch50", "ms-Exch-SMTP-Submit", ""})
  void unknownRightsAreRefusedWithTheAcceptedSpellings(String text) {
    assertThat(ExtendedRight.find(text)).isEmpty();
    assertThatThrownBy(() -> ExtendedRight.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("ms-Exch-Send-Exch50")
        .hasMessageContaining("Ms-Exch-Send-Headers-Forest");
  }
}
