package dev.sluice.routing.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.model.TransportServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BalancerPropertyTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  /** A candidate and what liveness says of it; {@code failingFor} of 0 or less means ok. */
  record Server(TransportServer server, boolean live, long failingFor, Integer queueLength) {}

  @Provide
  Arbitrary<List<Server>> servers() {
    Arbitrary<Server> server =
        Combinators.combine(
                Arbitraries.integers().between(0, 30),
                Arbitraries.of(true, true, false),
                Arbitraries.longs().between(-5, 5),
                Arbitraries.integers().between(0, 20).injectNull(0.3))
            .as((n, live, failing, queue) -> new Server(TransportServer.hub("HUB" + n, "S"), live, failing, queue));
    return server.list().ofMaxSize(12).uniqueElements(s -> s.server().name());
  }

  @Property
  void liveCandidatesComeHealthyFirstAndNoDeadOne(
      @ForAll("servers") List<Server> servers, @ForAll long rotation, @ForAll long shuffleSeed) {
    List<String> live = new ArrayList<>();
    Liveness liveness = Liveness.of(List.of());
    for (Server s : servers) {
      if (s.live()) {
        live.add(s.server().name());
      }
      // Below -2 no health is recorded; -2 to 0 is a failure whose instant is not after now (ok).
      if (s.failingFor() > -3) {
        liveness = liveness.withHealth(s.server().name(), ServerHealth.failingUntil(NOW.plusSeconds(s.failingFor())));
      }
      if (s.queueLength() != null) {
        liveness = liveness.withQueueLength(s.server().name(), s.queueLength());
      }
    }
    liveness = liveness.withLiveServers(live);
    List<TransportServer> candidates = new ArrayList<>(servers.stream().map(Server::server).toList());
    BalanceContext context = new BalanceContext(NOW, rotation);

    List<TransportServer> order = Balancer.orderServers(candidates, liveness, context);

    List<TransportServer> expected = servers.stream().filter(Server::live).map(Server::server).toList();
    assertThat(order).containsExactlyInAnyOrderElementsOf(expected);
    boolean seenFailing = false;
    for (TransportServer server : order) {
      boolean failing = liveness.health(server.name()).isFailingAt(NOW);
      assertThat(!failing && seenFailing).as("healthy %s after a failing one in %s", server, order).isFalse();
      seenFailing |= failing;
    }
    Collections.shuffle(candidates, new Random(shuffleSeed));
    assertThat(Balancer.orderServers(candidates, liveness, context)).isEqualTo(order);
  }
}
