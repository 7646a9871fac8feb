package dev.sluice.routing.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnhancedStatusTest {

  @Test
  void printsTheReplyCodeAndTheEnhancedCode() {
    assertThat(EnhancedStatus.HOP_COUNT_EXCEEDED).hasToString("554 5.4.0");
    assertThat(EnhancedStatus.ROUTING_DEFERRED.code()).isEqualTo("4.4.0");
    assertThat(EnhancedStatus.ROUTING_DEFERRED.isTransient()).isTrue();
    assertThat(EnhancedStatus.MESSAGE_TOO_BIG.isTransient()).isFalse();
  }

  @Test
  void theClassMustAgreeWithTheReplyCode() {
    assertThatThrownBy(() -> new EnhancedStatus(550, 4, 1, 1)).hasMessageContaining("agree with reply code 550");
    assertThatThrownBy(() -> new EnhancedStatus(150, 1, 0, 0)).hasMessageContaining("200 to 599");
  }

  @Test
  void aNextHopPrintsAsItsQueueIdentity() {
    NextHop hop = new NextHop(NextHopType.DNS_CONNECTOR_DELIVERY, "Contoso.COM", "Internet");
    assertThat(hop).hasToString("DnsConnectorDelivery:contoso.com:Internet");
    assertThat(hop).isEqualTo(new NextHop(NextHopType.DNS_CONNECTOR_DELIVERY, "contoso.com", "Internet"));
    assertThat(NextHop.UNREACHABLE).hasToString("Unreachable:unreachable");
  }
}
