package dev.sluice.routing.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.model.SmartHost;
import dev.sluice.routing.model.TransportServer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BalancerTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final TransportServer HUB1 = TransportServer.hub("HUB1", "Site-A");
  private static final TransportServer HUB2 = TransportServer.hub("HUB2", "Site-A");
  private static final TransportServer HUB3 = TransportServer.hub("HUB3", "Site-A");

  private static BalanceContext at(long rotation) {
    return new BalanceContext(NOW, rotation);
  }

  /** How often each server is first over rotations {@code from} to {@code to - 1}. */
  private static Map<String, Integer> firstCounts(long from, long to, LongFunction<List<TransportServer>> order) {
    Map<String, Integer> counts = new HashMap<>();
    for (long r = from; r < to; r++) {
      counts.merge(order.apply(r).get(0).name(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void twoHealthyServersShareConsecutiveRotationsExactly() {
    Map<String, Integer> counts =
        firstCounts(0, 1000, r -> Balancer.orderServers(List.of(HUB1, HUB2), Liveness.allLive(), at(r)));
    assertThat(counts).containsOnly(Map.entry("HUB1", 500), Map.entry("HUB2", 500));
  }

  @Test
  void theOthersFollowTheFirstInRotatingOrder() {
    List<TransportServer> three = List.of(HUB1, HUB2, HUB3);
    assertThat(Balancer.orderServers(three, Liveness.allLive(), at(0))).containsExactly(HUB1, HUB2, HUB3);
    assertThat(Balancer.orderServers(three, Liveness.allLive(), at(1))).containsExactly(HUB2, HUB3, HUB1);
    assertThat(Balancer.orderServers(three, Liveness.allLive(), at(2))).containsExactly(HUB3, HUB1, HUB2);
    assertThat(Balancer.orderServers(three, Liveness.allLive(), at(-1))).containsExactly(HUB3, HUB1, HUB2);
  }

  @Test
  void theOrderTheConnectorListsServersInDoesNotChangeTheOrder() {
    TransportServer lowerCase = TransportServer.hub("hub0", "Site-A");
    for (long r = 0; r < 6; r++) {
      assertThat(Balancer.orderServers(List.of(HUB3, lowerCase, HUB1, HUB2), Liveness.allLive(), at(r)))
          .isEqualTo(Balancer.orderServers(List.of(HUB1, HUB2, HUB3, lowerCase), Liveness.allLive(), at(r)));
    }
    assertThat(Balancer.orderServers(List.of(HUB3, lowerCase, HUB1), Liveness.allLive(), at(0)))
        .containsExactly(lowerCase, HUB1, HUB3);
  }

  @Test
  void aDeadServerIsLeftOutSoTheOtherIsAlwaysFirst() {
    Liveness hub1Died = Liveness.of("hub2");
    for (long r = 0; r < 10; r++) {
      assertThat(Balancer.orderServers(List.of(HUB1, HUB2), hub1Died, at(r))).containsExactly(HUB2);
    }
    assertThat(Balancer.orderServers(List.of(HUB1, HUB2), Liveness.of(List.of()), at(0))).isEmpty();
  }

  @Test
  void aFailingServerGoesLastUntilItsInstant() {
    Instant recovery = NOW.plusSeconds(60);
    Liveness hub1Failing = Liveness.allLive().withHealth("HUB1", ServerHealth.failingUntil(recovery));
    for (long r = 0; r < 10; r++) {
      assertThat(Balancer.orderServers(List.of(HUB1, HUB2, HUB3), hub1Failing, at(r)).get(2)).isEqualTo(HUB1);
    }
    BalanceContext atRecovery = new BalanceContext(recovery, 0);
    assertThat(Balancer.orderServers(List.of(HUB1, HUB2, HUB3), hub1Failing, atRecovery))
        .containsExactly(HUB1, HUB2, HUB3);
    assertThat(Balancer.orderServers(List.of(HUB1, HUB2, HUB3), hub1Failing, atRecovery.at(recovery.minusMillis(1))))
        .containsExactly(HUB2, HUB3, HUB1);
  }

  @Test
  void failingServersAreOrderedByRecoveryThenName() {
    Liveness liveness =
        Liveness.allLive()
            .withHealth("HUB3", ServerHealth.failingUntil(NOW.plusSeconds(10)))
            .withHealth("HUB2", ServerHealth.failingUntil(NOW.plusSeconds(30)))
            .withHealth("HUB1", ServerHealth.failingUntil(NOW.plusSeconds(30)));
    TransportServer hub4 = TransportServer.hub("HUB4", "Site-A");
    for (long r = 0; r < 4; r++) {
      assertThat(Balancer.orderServers(List.of(HUB1, HUB2, HUB3, hub4), liveness, at(r)))
          .containsExactly(hub4, HUB3, HUB1, HUB2);
    }
  }

  @Test
  void aServerWithAnEmptyQueueIsFirstTenTimesAsOftenAsOneWithNine() {
    Liveness queues = Liveness.allLive().withQueueLength("HUB1", 0).withQueueLength("HUB2", 9);
    LongFunction<List<TransportServer>> order = r -> Balancer.orderServers(List.of(HUB1, HUB2), queues, at(r));
    // Weights 1000 and 100: over every 1100 consecutive rotations exactly 1000 and 100.
    assertThat(firstCounts(0, 1100, order)).containsOnly(Map.entry("HUB1", 1000), Map.entry("HUB2", 100));
    assertThat(firstCounts(-550, 550, order)).containsOnly(Map.entry("HUB1", 1000), Map.entry("HUB2", 100));
    assertThat(firstCounts(0, 11_000, order)).containsOnly(Map.entry("HUB1", 10_000), Map.entry("HUB2", 1000));
    // The golden-ratio step interleaves: the busy server is never first twice running.
    for (long r = 0; r < 1100; r++) {
      if (order.apply(r).get(0).equals(HUB2)) {
        assertThat(order.apply(r + 1).get(0)).isEqualTo(HUB1);
      }
      assertThat(order.apply(r)).hasSize(2).doesNotHaveDuplicates();
    }
  }

  @Test
  void weightsOfThreeServersGiveExactSharesPerPeriod() {
    Liveness queues =
        Liveness.allLive().withQueueLength("HUB1", 1).withQueueLength("HUB2", 3).withQueueLength("HUB3", 0);
    Map<String, Integer> counts =
        firstCounts(0, 500 + 250 + 1000, r -> Balancer.orderServers(List.of(HUB1, HUB2, HUB3), queues, at(r)));
    assertThat(counts).containsOnly(Map.entry("HUB1", 500), Map.entry("HUB2", 250), Map.entry("HUB3", 1000));
  }

  @Test
  void anUnknownQueueLengthFallsBackToPlainRoundRobin() {
    Liveness oneKnown = Liveness.allLive().withQueueLength("HUB1", 0);
    Map<String, Integer> counts =
        firstCounts(0, 1000, r -> Balancer.orderServers(List.of(HUB1, HUB2), oneKnown, at(r)));
    assertThat(counts).containsOnly(Map.entry("HUB1", 500), Map.entry("HUB2", 500));
  }

  @Test
  void aShortQueueDoesNotLiftAFailingServer() {
    Liveness liveness =
        Liveness.allLive()
            .withQueueLength("HUB1", 0)
            .withQueueLength("HUB2", 500)
            .withHealth("HUB1", ServerHealth.failingUntil(NOW.plusSeconds(1)));
    for (long r = 0; r < 10; r++) {
      assertThat(Balancer.orderServers(List.of(HUB1, HUB2), liveness, at(r))).containsExactly(HUB2, HUB1);
    }
  }

  @ParameterizedTest(name = "queue {0} weighs {1}")
  @CsvSource({"0, 1000", "1, 500", "2, 333", "9, 100", "999, 1", "5000, 1", "2147483647, 1"})
  void weightFollowsTheQueueLength(int queueLength, long weight) {
    assertThat(Balancer.weight(queueLength)).isEqualTo(weight);
  }

  @Test
  void randomRotationsSpreadBetweenTwoServers() {
    SplittableRandom random = new SplittableRandom(20_240_501);
    Map<String, Integer> counts =
        firstCounts(
            0,
            1000,
            r -> Balancer.orderServers(List.of(HUB1, HUB2), Liveness.allLive(), BalanceContext.random(NOW, random)));
    assertThat(counts.get("HUB1")).isBetween(400, 600);
    assertThat(counts.get("HUB2")).isBetween(400, 600);
  }

  @Test
  void smartHostsRotateAndFailOverByTheirText() {
    SmartHost a = SmartHost.parse("relay-a.example.com");
    SmartHost b = SmartHost.parse("[192.0.2.1]:2525");
    Map<SmartHost, Integer> counts = new HashMap<>();
    for (long r = 0; r < 1000; r++) {
      counts.merge(Balancer.orderSmartHosts(List.of(a, b), Liveness.of(List.of()), at(r)).get(0), 1, Integer::sum);
    }
    assertThat(counts).containsOnly(Map.entry(a, 500), Map.entry(b, 500));

    Liveness aFailing = Liveness.of(List.of()).withHealth("RELAY-A.example.com", ServerHealth.failingUntil(NOW.plusSeconds(5)));
    for (long r = 0; r < 10; r++) {
      assertThat(Balancer.orderSmartHosts(List.of(a, b), aFailing, at(r))).containsExactly(b, a);
    }
  }

  @Test
  void smartHostsListedInAnotherOrderGiveTheSameOrder() {
    List<SmartHost> hosts = List.of(SmartHost.parse("b.example.com"), SmartHost.parse("a.example.com:587"), SmartHost.parse("a.example.com"));
    List<SmartHost> reversed = List.of(hosts.get(2), hosts.get(1), hosts.get(0));
    assertThat(Balancer.orderSmartHosts(hosts, Liveness.allLive(), at(0)))
        .containsExactly(hosts.get(2), hosts.get(1), hosts.get(0))
        .isEqualTo(Balancer.orderSmartHosts(reversed, Liveness.allLive(), at(0)));
  }
}
