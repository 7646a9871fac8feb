package dev.sluice.node.smtp.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InboundConnectionsTest {
  private static final InboundConnections.Limits TWO_PER_SOURCE = new InboundConnections.Limits(5, 2, false);

  private static Optional<String> take(InboundConnections.Place place, String connector, String source,
      InboundConnections.Limits limits) throws Exception {
    return place.take(connector, InetAddress.getByName(source), limits)
        .map(r -> r.code() + " " + r.status().orElseThrow() + " " + r.lines().get(0));
  }

  private static Optional<String> take(InboundConnections connections, String connector, String source,
      InboundConnections.Limits limits) throws Exception {
    return take(connections.newPlace(), connector, source, limits);
  }

  @Test
  void theThirdConnectionFromOneSourceIsRefusedWhileAnotherSourceIsAdmitted() throws Exception {
    InboundConnections connections = new InboundConnections(100);
    assertThat(take(connections, "Default", "192.0.2.3", TWO_PER_SOURCE)).isEmpty();
    assertThat(take(connections, "Default", "192.0.2.3", TWO_PER_SOURCE)).isEmpty();
    assertThat(take(connections, "Default", "192.0.2.3", TWO_PER_SOURCE))
        .contains("421 4.7.0 Too many connections from 192.0.2.3");
    assertThat(take(connections, "Default", "192.0.2.4", TWO_PER_SOURCE)).isEmpty();
    // The per-source limit is a connector's: the same source may reach another connector.
    assertThat(take(connections, "Client", "192.0.2.3", TWO_PER_SOURCE)).isEmpty();
    assertThat(connections.open()).isEqualTo(4);
  }

  @Test
  void aReleasedPlaceIsFreeAgainAndReleasingTwiceOrUntakenGivesBackNothingMore() throws Exception {
    InboundConnections connections = new InboundConnections(100);
    InboundConnections.Place first = connections.newPlace();
    take(first, "Default", "192.0.2.3", TWO_PER_SOURCE);
    take(connections, "Default", "192.0.2.3", TWO_PER_SOURCE);
    first.release();
    first.release();
    connections.newPlace().release();
    assertThat(connections.open()).isEqualTo(1);
    assertThat(take(connections, "Default", "192.0.2.3", TWO_PER_SOURCE)).isEmpty();
    assertThat(take(connections, "Default", "192.0.2.3", TWO_PER_SOURCE)).isPresent();
  }

  @Test
  void aRefusedPlaceHoldsNothing() throws Exception {
    InboundConnections connections = new InboundConnections(1);
    take(connections, "Default", "192.0.2.1", TWO_PER_SOURCE);
    InboundConnections.Place refused = connections.newPlace();
    assertThat(take(refused, "Default", "192.0.2.2", TWO_PER_SOURCE)).isPresent();
    refused.release();
    assertThat(connections.open()).isEqualTo(1);
  }

  @Test
  void anExemptSourceMeetsOnlyTheConnectorLimit() throws Exception {
    InboundConnections connections = new InboundConnections(100);
    InboundConnections.Limits exempt = new InboundConnections.Limits(3, 1, true);
    for (int i = 0; i < 3; i++) {
      assertThat(take(connections, "Default", "192.0.2.9", exempt)).isEmpty();
    }
    assertThat(take(connections, "Default", "192.0.2.9", exempt)).hasValueSatisfying(r -> assertThat(r).startsWith("421 4.3.2"));
  }

  @Test
  void theNodeLimitCoversEveryConnector() throws Exception {
    InboundConnections connections = new InboundConnections(2);
    take(connections, "Default", "192.0.2.1", TWO_PER_SOURCE);
    take(connections, "Client", "192.0.2.2", TWO_PER_SOURCE);
    assertThat(take(connections, "Other", "192.0.2.3", TWO_PER_SOURCE))
        .hasValueSatisfying(r -> assertThat(r).startsWith("421 4.3.2"));
  }

  @Test
  void limitsBelowOneAreRefusedWithTheirNames() {
    assertThatThrownBy(() -> new InboundConnections(0)).hasMessageContaining("limits.max-connections");
    assertThatThrownBy(() -> new InboundConnections.Limits(1, 0, false))
        .hasMessageContaining("MaxInboundConnectionPerSource");
  }
}
