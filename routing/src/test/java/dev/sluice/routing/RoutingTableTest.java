package dev.sluice.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.balance.BalanceContext;
import dev.sluice.routing.balance.Liveness;
import dev.sluice.routing.balance.ServerHealth;
import dev.sluice.routing.decision.Candidate;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.model.TransportServer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The facade: deferral, liveness, balancing across source servers, and the explanation. */
class RoutingTableTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  private static RoutingTable table(String connectors) {
    return RoutingTable.build(RoutingFixture.with(RoutingFixture.connectors(connectors)));
  }

  @Test
  void aTableWithoutACompleteSnapshotDefersEveryRecipient() {
    RoutingDecision d = RoutingTable.deferred("the directory has not loaded yet").resolve("HUB1", "a@contoso.com", 1);

    assertThat(d).isEqualTo(new RoutingDecision.Deferred("the directory has not loaded yet"));
  }

  @Test
  void relaysSpreadAcrossTheLiveSourceServersOfTheLocalSite() {
    RoutingTable table = table("A spaces=* src=HUB1,HUB2");
    Map<String, Integer> firsts = new HashMap<>();
    for (int rotation = 0; rotation < 1000; rotation++) {
      RoutingDecision d = table.resolve("HUB3", "a@example.com", 1000, new BalanceContext(NOW, rotation));
      String first = ((RoutingDecision.RelayToSite) d).hubs().get(0).name();
      firsts.merge(first, 1, Integer::sum);
    }

    assertThat(firsts).containsOnlyKeys("HUB1", "HUB2");
    assertThat(firsts.get("HUB1")).isBetween(400, 600);
  }

  @Test
  void aDeadSourceServerIsSkippedAtOnceWithoutChangingThePath() {
    RoutingTable table = table("A spaces=* src=HUB1,HUB2").withLiveness(Liveness.of("HUB2", "HUB3", "HUB4"));

    for (int rotation = 0; rotation < 10; rotation++) {
      RoutingDecision d = table.resolve("HUB3", "a@example.com", 1000, new BalanceContext(NOW, rotation));
      assertThat(((RoutingDecision.RelayToSite) d).hubs()).extracting(TransportServer::name).containsExactly("HUB2");
    }
  }

  @Test
  void whenEverySourceServerIsDeadTheMessageWaitsOnTheSamePath() {
    RoutingTable table = table("A spaces=* src=HUB3").withLiveness(Liveness.of("HUB1"));

    RoutingDecision d = table.resolve("HUB1", "a@example.com", 1000);

    assertThat(RoutingFixture.describe(d)).isEqualTo("RelayToSite A SmtpRelayToRemoteAdSite:s2:A ");
  }

  @Test
  void aFailingSourceServerGoesLastUntilItRecovers() {
    Liveness liveness = Liveness.allLive().withHealth("HUB1", ServerHealth.failingUntil(NOW.plusSeconds(60)));
    RoutingTable table = table("A spaces=* src=HUB1,HUB2").withLiveness(liveness);

    RoutingDecision now = table.resolve("HUB3", "a@example.com", 1000, new BalanceContext(NOW, 0));
    RoutingDecision later = table.resolve("HUB3", "a@example.com", 1000, new BalanceContext(NOW.plusSeconds(61), 0));

    assertThat(((RoutingDecision.RelayToSite) now).hubs()).extracting(TransportServer::name).containsExactly("HUB2", "HUB1");
    assertThat(((RoutingDecision.RelayToSite) later).hubs()).extracting(TransportServer::name).containsExactly("HUB1", "HUB2");
  }

  @Test
  void withLivenessKeepsTheSameConfigurationAndTopology() {
    RoutingTable table = table("A spaces=* src=HUB1");
    RoutingTable other = table.withLiveness(Liveness.of("HUB1"));

    assertThat(other.topology().orElseThrow()).isSameAs(table.topology().orElseThrow());
    assertThat(other.config()).isEqualTo(table.config());
  }

  @Test
  void theExplanationListsEveryCandidateAndTheDecidingRule() {
    RoutingTable table = table(
        "Near spaces=\"contoso.com;1\" src=HUB3 & Far spaces=\"contoso.com;1\" src=HUB5 & Wide spaces=* src=HUB1"
            + " & Off spaces=contoso.com src=HUB1 enabled=false");

    RoutingTable.Explained explained = table.explain("HUB1", "a@contoso.com", 1000, BalanceContext.INITIAL);

    assertThat(explained.decision()).isEqualTo(table.resolve("HUB1", "a@contoso.com", 1000));
    assertThat(explained.explanation().winner()).contains("Near");
    assertThat(explained.explanation().rule()).isEqualTo("won over Far: higher aggregate cost (31 against 11)");
    List<Candidate> candidates = explained.explanation().candidates();
    assertThat(candidates.get(0).connector()).isEqualTo("Near");
    assertThat(candidates.get(0).outcome()).isEqualTo("won");
    assertThat(candidates.get(0).aggregateCost()).isEqualTo(11);
    assertThat(candidates).extracting(Candidate::connector).containsExactlyInAnyOrder("Near", "Far", "Wide", "Off");
    assertThat(candidates).filteredOn(c -> c.connector().equals("Wide")).first()
        .extracting(Candidate::outcome).isEqualTo("lost: a more specific address space won");
    assertThat(candidates).filteredOn(c -> c.connector().equals("Off")).first()
        .extracting(Candidate::outcome).isEqualTo("dropped: the connector is disabled");
  }

  @Test
  void theExplanationOfAnUnmatchedRecipientSaysSo() {
    RoutingTable.Explained explained = table("A spaces=contoso.com src=HUB1")
        .explain("HUB1", "a@example.org", 1000, BalanceContext.INITIAL);

    assertThat(explained.decision()).isInstanceOf(RoutingDecision.Unreachable.class);
    assertThat(explained.explanation().rule()).isEqualTo("no address space matched");
    assertThat(explained.explanation().winner()).isEmpty();
  }

  @Test
  void aConfigurationChangeTakesEffectInTheNextTable() {
    RoutingTable before = table("A spaces=* src=HUB1");
    RoutingTable after = table("A spaces=* src=HUB1 & B spaces=contoso.com src=HUB1");

    assertThat(RoutingFixture.describe(before.resolve("HUB1", "a@contoso.com", 1))).contains("Deliver A ");
    assertThat(RoutingFixture.describe(after.resolve("HUB1", "a@contoso.com", 1))).contains("Deliver B ");
  }
}
