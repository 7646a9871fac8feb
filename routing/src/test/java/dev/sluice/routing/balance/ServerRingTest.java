package dev.sluice.routing.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.model.TransportServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ServerRingTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  private static List<TransportServer> hubs(int n) {
    List<TransportServer> out = new ArrayList<>();
    for (int i = n - 1; i >= 0; i--) {
      out.add(TransportServer.hub("HUB" + (char) ('A' + i), "S1"));
    }
    return out;
  }

  @Test
  void membersAreInTheBalancersBaseOrderWhateverTheInputOrder() {
    ServerRing ring = ServerRing.of(hubs(3));

    assertThat(ring.members()).extracting(TransportServer::name).containsExactly("HUBA", "HUBB", "HUBC");
  }

  @Test
  void plainRoundRobinRotatesThroughEveryMember() {
    ServerRing ring = ServerRing.of(hubs(3));

    assertThat(Balancer.orderServers(ring, Liveness.allLive(), new BalanceContext(NOW, 0)))
        .extracting(TransportServer::name).containsExactly("HUBA", "HUBB", "HUBC");
    assertThat(Balancer.orderServers(ring, Liveness.allLive(), new BalanceContext(NOW, 1)))
        .extracting(TransportServer::name).containsExactly("HUBB", "HUBC", "HUBA");
    assertThat(Balancer.orderServers(ring, Liveness.allLive(), new BalanceContext(NOW, -1)))
        .extracting(TransportServer::name).containsExactly("HUBC", "HUBA", "HUBB");
  }

  @Test
  void anEmptyRingGivesNoServer() {
    assertThat(Balancer.orderServers(ServerRing.of(List.of()), Liveness.allLive(), BalanceContext.INITIAL)).isEmpty();
  }

  @Test
  void aDeadMemberIsLeftOutOnceLivenessIsKnown() {
    ServerRing ring = ServerRing.of(hubs(3));

    assertThat(Balancer.orderServers(ring, Liveness.of("HUBA", "HUBC"), new BalanceContext(NOW, 0)))
        .extracting(TransportServer::name).containsExactly("HUBA", "HUBC");
  }

  @Property(tries = 200)
  void theRingGivesWhatTheListGives(@ForAll @IntRange(min = 0, max = 20) int size, @ForAll long rotation) {
    List<TransportServer> servers = hubs(size);
    BalanceContext context = new BalanceContext(NOW, rotation);

    assertThat(Balancer.orderServers(ServerRing.of(servers), Liveness.allLive(), context))
        .isEqualTo(Balancer.orderServers(servers, Liveness.allLive(), context));
  }
}
