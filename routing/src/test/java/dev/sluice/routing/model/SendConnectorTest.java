package dev.sluice.routing.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.routing.address.AddressSpace;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendConnectorTest {

  private static SendConnector.Builder minimal() {
    return SendConnector.builder("Internet").addressSpaces(List.of(AddressSpace.smtp("*"))).sourceTransportServers("HUB1");
  }

  @Test
  void everyPropertyStartsAtItsExchange2007Default() {
    SendConnector c = minimal().build();

    assertThat(c.usageType()).isEqualTo(UsageType.CUSTOM);
    assertThat(c.isScopedConnector()).isFalse();
    assertThat(c.dnsRoutingEnabled()).isTrue();
    assertThat(c.smartHosts()).isEmpty();
    assertThat(c.smartHostAuthMechanism()).isEqualTo(SmartHostAuthMechanism.NONE);
    assertThat(c.authenticationCredential()).isEmpty();
    assertThat(c.fqdn()).as("unset means the server's FQDN").isEmpty();
    assertThat(c.port()).isEqualTo(25);
    assertThat(c.sourceIpAddress()).isEqualTo("0.0.0.0");
    assertThat(c.enabled()).isTrue();
    assertThat(c.maxMessageSize()).isEqualTo(MaxMessageSize.ofMegabytes(10));
    assertThat(c.protocolLoggingLevel()).isEqualTo(ProtocolLoggingLevel.NONE);
    assertThat(c.requireTls()).isFalse();
    assertThat(c.domainSecureEnabled()).isFalse();
    assertThat(c.ignoreStartTls()).isFalse();
    assertThat(c.useExternalDnsServersEnabled()).isFalse();
    assertThat(c.forceHelo()).isFalse();
    assertThat(c.linkedReceiveConnector()).isEmpty();
    assertThat(c.connectionInactivityTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.smtpMaxMessagesPerConnection()).isEqualTo(20);
    assertThat(c.comment()).isEmpty();
    assertThat(c.permissions()).isEqualTo(Permissions.NONE);
  }

  @Test
  void givingSmartHostsTurnsDnsRoutingOff() {
    SendConnector c = minimal().smartHosts("mail.example.com").build();

    assertThat(c.dnsRoutingEnabled()).isFalse();
    assertThat(c.smartHosts()).extracting(SmartHost::toString).containsExactly("mail.example.com");
  }

  @Test
  void anExplicitDnsRoutingValueIsKeptEvenWithSmartHosts() {
    SendConnector c = minimal().smartHosts("mail.example.com").dnsRoutingEnabled(true).build();

    assertThat(c.dnsRoutingEnabled()).as("validation, not the builder, refuses the contradiction").isTrue();
  }

  @Test
  void toBuilderChangesOnlyWhatIsGiven() {
    SendConnector c = minimal().port(2525).comment("to the ISP").build();

    SendConnector changed = c.toBuilder().enabled(false).build();

    assertThat(changed.enabled()).isFalse();
    assertThat(changed).isEqualTo(minimal().port(2525).comment("to the ISP").enabled(false).build());
  }

  @Test
  void aPortOutsideTheRangeIsRefusedNamingTheConnector() {
    assertThatThrownBy(() -> minimal().port(70_000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port of Internet")
        .hasMessageContaining("70000");
  }

  @Test
  void aZeroSmtpMaxMessagesPerConnectionIsRefused() {
    assertThatThrownBy(() -> minimal().smtpMaxMessagesPerConnection(0).build())
        .hasMessageContaining("SmtpMaxMessagesPerConnection of Internet must be at least 1");
  }

  @Test
  void aNameWithALineBreakIsRefused() {
    assertThatThrownBy(() -> SendConnector.builder("bad\r\nname").build())
        .hasMessageContaining("must not contain CR, LF or NUL");
  }

  @Test
  void listsAreCopiedSoTheConnectorCannotChangeUnderneath() {
    java.util.ArrayList<String> sources = new java.util.ArrayList<>(List.of("HUB1"));
    SendConnector c = minimal().sourceTransportServers(sources).build();
    sources.add("HUB2");

    assertThat(c.sourceTransportServers()).containsExactly("HUB1");
  }
}
