package dev.sluice.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.model.ReceiveConnector.Binding;
import dev.sluice.routing.model.ReceiveConnector.PermissionGroup;
import dev.sluice.routing.model.ReceiveConnector.RemoteIpRange;
import dev.sluice.routing.model.ReceiveLimits;
import dev.sluice.routing.model.TransportServer;
import org.junit.jupiter.api.Test;

class DefaultReceiveConnectorTest {
  @Test
  void aNewServerServesEveryAddressForAnonymousServersAndPartnersOnItsSmtpAddress() {
    var receive = DefaultReceiveConnector.of(TransportServer.hub("HUB1", "Site-A"), Binding.parse("127.0.0.1:2525"));
    assertThat(receive.name()).isEqualTo("Default HUB1");
    assertThat(receive.server()).isEqualTo("HUB1");
    assertThat(receive.bindings()).containsExactly(Binding.parse("127.0.0.1:2525"));
    assertThat(receive.remoteIpRanges()).containsExactly(new RemoteIpRange("0.0.0.0/0"), new RemoteIpRange("::/0"));
    assertThat(receive.permissionGroups())
        .containsExactlyInAnyOrder(PermissionGroup.ANONYMOUS_USERS, PermissionGroup.EXCHANGE_SERVERS, PermissionGroup.PARTNERS);
    assertThat(receive.limits()).isEqualTo(ReceiveLimits.HUB_DEFAULTS);
  }

  @Test
  void anEdgeGetsTheEdgeLimits() {
    var receive = DefaultReceiveConnector.of(TransportServer.edge("EDGE1", "Site-A"), Binding.parse("0.0.0.0:25"));
    assertThat(receive.limits()).isEqualTo(ReceiveLimits.EDGE_DEFAULTS);
    assertThat(receive.name()).isEqualTo("Default EDGE1");
  }
}
