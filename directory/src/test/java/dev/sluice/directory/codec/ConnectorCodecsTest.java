package dev.sluice.directory.codec;

import static dev.sluice.directory.codec.Documents.PATH;
import static dev.sluice.directory.codec.Documents.json;
import static dev.sluice.directory.codec.Documents.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.model.ForeignConnector;
import dev.sluice.routing.model.MaxMessageSize;
import dev.sluice.routing.model.Permissions;
import dev.sluice.routing.model.ProtocolLoggingLevel;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveLimits;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.SmartHost;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.TimeSpan;
import dev.sluice.routing.model.UsageType;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectorCodecsTest {

  @Test
  void aSendConnectorWithEveryPropertySetRoundTrips() {
    assertThat(roundTrip(ConnectorCodecs.SEND_CONNECTOR, Samples.SEND)).isEqualTo(Samples.SEND);
  }

  @Test
  void aSendConnectorWithEveryDefaultRoundTrips() {
    assertThat(roundTrip(ConnectorCodecs.SEND_CONNECTOR, Samples.SEND_DEFAULTS)).isEqualTo(Samples.SEND_DEFAULTS);
  }

  @ParameterizedTest
  @EnumSource(UsageType.class)
  void everyUsageTypeRoundTrips(UsageType usage) {
    SendConnector c = Samples.everyPropertySet().usageType(usage).build();

    assertThat(roundTrip(ConnectorCodecs.SEND_CONNECTOR, c)).isEqualTo(c);
  }

  @ParameterizedTest
  @EnumSource(SmartHostAuthMechanism.class)
  void everySmartHostAuthMechanismRoundTrips(SmartHostAuthMechanism mechanism) {
    SendConnector c = Samples.everyPropertySet().smartHostAuthMechanism(mechanism).build();

    assertThat(roundTrip(ConnectorCodecs.SEND_CONNECTOR, c)).isEqualTo(c);
  }

  @ParameterizedTest
  @ValueSource(strings = {"unlimited", "1B", "1500B", "512KB", "10MB", "2GB", "1048576MB"})
  void everyMaxMessageSizeRoundTrips(String size) {
    SendConnector c = Samples.everyPropertySet().maxMessageSize(MaxMessageSize.parse(size)).build();

    assertThat(roundTrip(ConnectorCodecs.SEND_CONNECTOR, c)).isEqualTo(c);
  }

  @ParameterizedTest
  @ValueSource(strings = {"00:00:01", "00:00:01.5", "00:10:00", "23:59:59", "1.00:00:00", "3.04:05:06.0000007"})
  void connectionInactivityTimeOutsRoundTrip(String span) {
    Duration timeout = TimeSpan.parse(span);
    SendConnector c = Samples.everyPropertySet().connectionInactivityTimeout(timeout).build();

    assertThat(roundTrip(ConnectorCodecs.SEND_CONNECTOR, c).connectionInactivityTimeout()).isEqualTo(timeout);
    assertThat(DirectoryCodec.tree(ConnectorCodecs.SEND_CONNECTOR, c).get("connectionInactivityTimeOut").textValue())
        .isEqualTo(span);
  }

  @Test
  void smartHostsKeepTheirFormsAndOrder() {
    List<SmartHost> read = roundTrip(ConnectorCodecs.SEND_CONNECTOR, Samples.SEND).smartHosts();

    assertThat(read).extracting(SmartHost::kind).containsExactly(SmartHost.Kind.NAME, SmartHost.Kind.NAME,
        SmartHost.Kind.IPV4, SmartHost.Kind.IPV4, SmartHost.Kind.IPV6, SmartHost.Kind.IPV6,
        SmartHost.Kind.ORGANIZATION_HUBS);
    assertThat(read).extracting(SmartHost::toString).containsExactly("mail.fabrikam.com", "relay.fabrikam.com:2525",
        "[192.0.2.1]", "[192.0.2.2]:587", "[2001:db8::1]", "[2001:db8::2]:465", "--");
  }

  /** The stored form, property by property: what another reader of the directory relies on. */
  @Test
  void aSendConnectorIsStoredInExchangeSpellings() throws IOException {
    JsonNode expected = DirectoryCodec.mapper().readTree(json("""
        {'name': 'To Fabrikam – Partner',
         'usageType': 'Partner',
         'addressSpaces': ['SMTP:*.fabrikam.com;5', 'Local:SMTP:contoso.com;2', 'X400:c=US;a=adatum;p=Fabrikam;3'],
         'isScopedConnector': true,
         'sourceTransportServers': ['HUB1', 'HUB2'],
         'dnsRoutingEnabled': false,
         'smartHosts': ['mail.fabrikam.com', 'relay.fabrikam.com:2525', '[192.0.2.1]', '[192.0.2.2]:587',
                        '[2001:db8::1]', '[2001:db8::2]:465', '--'],
         'smartHostAuthMechanism': 'BasicAuthRequireTLS',
         'authenticationCredential': 'fabrikam-relay',
         'fqdn': 'out.contoso.com',
         'port': 587,
         'sourceIPAddress': '192.0.2.10',
         'enabled': false,
         'maxMessageSize': '25MB',
         'protocolLoggingLevel': 'Verbose',
         'requireTLS': true,
         'domainSecureEnabled': true,
         'ignoreStartTLS': true,
         'useExternalDNSServersEnabled': true,
         'forceHELO': true,
         'linkedReceiveConnector': 'From Partner',
         'connectionInactivityTimeOut': '00:01:30',
         'smtpMaxMessagesPerConnection': 50,
         'comment': 'Relais für \\'Fabrikam\\'\\nsecond line',
         'permissions': {
           'Anonymous': ['Ms-Exch-Send-Headers-Routing'],
           'PartnerServers': ['Ms-Exch-Send-Headers-Routing', 'Ms-Exch-Send-Headers-Organization'],
           'ExchangeLegacyInterop': ['ms-Exch-Send-Exch50', 'Ms-Exch-Send-Headers-Routing',
                                     'Ms-Exch-Send-Headers-Organization', 'Ms-Exch-Send-Headers-Forest']}}
        """));

    assertThat(DirectoryCodec.tree(ConnectorCodecs.SEND_CONNECTOR, Samples.SEND)).isEqualTo(expected);
  }

  @Test
  void aSendConnectorDocumentWithOnlyTheRequiredFieldsTakesExchangeDefaults() {
    SendConnector read = DirectoryCodec.decode(ConnectorCodecs.SEND_CONNECTOR, PATH, json(
        "{'schemaVersion':1,'name':'Internet','addressSpaces':['*'],'sourceTransportServers':['HUB1']}"));

    assertThat(read.port()).isEqualTo(25);
    assertThat(read.enabled()).isTrue();
    assertThat(read.maxMessageSize()).isEqualTo(MaxMessageSize.ofMegabytes(10));
    assertThat(read.connectionInactivityTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(read.smtpMaxMessagesPerConnection()).isEqualTo(20);
    assertThat(read.dnsRoutingEnabled()).isTrue();
    assertThat(read.usageType()).isEqualTo(UsageType.CUSTOM);
    assertThat(read.smartHostAuthMechanism()).isEqualTo(SmartHostAuthMechanism.NONE);
    assertThat(read.protocolLoggingLevel()).isEqualTo(ProtocolLoggingLevel.NONE);
    assertThat(read.sourceIpAddress()).isEqualTo("0.0.0.0");
    assertThat(read.permissions()).isEqualTo(Permissions.NONE);
    assertThat(read.fqdn()).isEmpty();
    assertThat(read.linkedReceiveConnector()).isEmpty();
    assertThat(read.comment()).isEmpty();
    assertThat(read).as("every other property as New-SendConnector leaves it").isEqualTo(Samples.SEND_DEFAULTS);
  }

  @Test
  void dnsRoutingLeftOutIsOffWhenSmartHostsAreGivenAndAsStoredOtherwise() {
    String relay = "{'schemaVersion':1,'name':'Relay','addressSpaces':['contoso.com'],"
        + "'sourceTransportServers':['HUB1'],'smartHosts':['mx.contoso.com']";
    SendConnector implicit = DirectoryCodec.decode(ConnectorCodecs.SEND_CONNECTOR, PATH, json(relay + "}"));
    SendConnector stored = DirectoryCodec.decode(ConnectorCodecs.SEND_CONNECTOR, PATH,
        json(relay + ",'dnsRoutingEnabled':true}"));

    assertThat(implicit.dnsRoutingEnabled()).isFalse();
    assertThat(stored.dnsRoutingEnabled()).as("a stored value is kept as written").isTrue();
  }

  @Test
  void aForeignConnectorRoundTripsAndDefaultsToEnabledAndUnlimited() {
    assertThat(roundTrip(ConnectorCodecs.FOREIGN_CONNECTOR, Samples.FOREIGN)).isEqualTo(Samples.FOREIGN);

    ForeignConnector minimal = DirectoryCodec.decode(ConnectorCodecs.FOREIGN_CONNECTOR, PATH, json(
        "{'schemaVersion':1,'name':'To Fax',"
        + "'addressSpaces':['FAX:*;10'],'sourceTransportServers':['HUB1'],'dropDirectory':'/var/drop'}"));
    assertThat(minimal).isEqualTo(ForeignConnector.of("To Fax", List.of(AddressSpace.parse("FAX:*;10")),
        List.of("HUB1"), "/var/drop"));
  }

  @Test
  void aReceiveConnectorWithLimitsRoundTrips() {
    assertThat(roundTrip(ConnectorCodecs.RECEIVE_CONNECTOR, Samples.RECEIVE)).isEqualTo(Samples.RECEIVE);
    assertThat(roundTrip(ConnectorCodecs.RECEIVE_CONNECTOR, Samples.RECEIVE_DEFAULT_LIMITS))
        .isEqualTo(Samples.RECEIVE_DEFAULT_LIMITS);
  }

  @Test
  void aReceiveConnectorIsStoredWithExchangeSpellings() {
    JsonNode tree = DirectoryCodec.tree(ConnectorCodecs.RECEIVE_CONNECTOR, Samples.RECEIVE);

    assertThat(tree.get("bindings")).extracting(JsonNode::textValue).containsExactly("0.0.0.0:2525", "[::]:2525");
    assertThat(tree.get("authMechanism")).extracting(JsonNode::textValue)
        .containsExactlyInAnyOrder("Tls", "BasicAuthRequireTls");
    assertThat(tree.get("permissionGroups")).extracting(JsonNode::textValue)
        .containsExactlyInAnyOrder("Partners", "ExchangeUsers");
    assertThat(tree.at("/limits/maxMessageSize").textValue()).isEqualTo("512KB");
    assertThat(tree.at("/limits/connectionInactivityTimeout").textValue()).isEqualTo("00:00:45");
  }

  @Test
  void aReceiveConnectorWithoutLimitsTakesTheHubDefaults() {
    ReceiveConnector read = DirectoryCodec.decode(ConnectorCodecs.RECEIVE_CONNECTOR, PATH, json("{'schemaVersion':1,"
        + "'server':'HUB1','name':'Default HUB1','bindings':['0.0.0.0:25'],"
        + "'remoteIPRanges':['0.0.0.0-255.255.255.255','::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']}"));

    assertThat(read).isEqualTo(Samples.RECEIVE_DEFAULT_LIMITS);
    assertThat(read.limits()).isEqualTo(ReceiveLimits.HUB_DEFAULTS);
  }

  @Test
  void limitsLeftOutOfTheLimitsObjectTakeTheirDefaults() {
    ReceiveConnector read = DirectoryCodec.decode(ConnectorCodecs.RECEIVE_CONNECTOR, PATH, json("{'schemaVersion':1,"
        + "'server':'HUB1','name':'Default HUB1','bindings':['0.0.0.0:25'],'remoteIPRanges':['0.0.0.0/0'],"
        + "'limits':{'maxHopCount':12,'connectionTimeout':'00:02:00'}}"));

    ReceiveLimits d = ReceiveLimits.HUB_DEFAULTS;
    assertThat(read.limits()).isEqualTo(new ReceiveLimits(d.maxMessageSize(), d.maxRecipientsPerMessage(), 12,
        d.maxLocalHopCount(), Duration.ofMinutes(2), d.connectionInactivityTimeout(), d.maxInboundConnection(),
        d.maxInboundConnectionPerSource(), d.maxProtocolErrors()));
  }
}
