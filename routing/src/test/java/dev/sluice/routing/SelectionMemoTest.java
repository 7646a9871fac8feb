package dev.sluice.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.model.Connector;
import dev.sluice.routing.model.MaxMessageSize;
import dev.sluice.routing.model.SendConnector;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * A table remembers the winner of each group per local server: what it answers after many
 * resolutions must be what a fresh table answers for the first, whatever the message sizes.
 */
class SelectionMemoTest {
  private static final List<String> SPACES = List.of(
      "*", "contoso.com", "*.contoso.com", "sales.contoso.com", "*.com", "fabrikam.com", "*.fabrikam.com");
  private static final List<String> RECIPIENTS = List.of(
      "a@contoso.com", "a@sales.contoso.com", "a@x.sales.contoso.com", "a@fabrikam.com", "a@www.fabrikam.com",
      "a@other.com", "a@other.org");
  private static final List<String> SERVERS = List.of("HUB1", "HUB2", "HUB3", "HUB4", "HUB5", "HUB6", "EDGE1");
  private static final List<MaxMessageSize> SIZES = List.of(
      MaxMessageSize.UNLIMITED, MaxMessageSize.parse("1MB"), MaxMessageSize.parse("10MB"));

  /** Small wins on cost for messages up to 1 MB; larger ones can only go through Big. */
  private static RoutingTable smallAndBig() {
    return RoutingTable.build(RoutingFixture.with(RoutingFixture.connectors(
        "Small spaces=contoso.com;1 src=HUB1 max=1MB & Big spaces=contoso.com;5 src=HUB1")));
  }

  @Test
  void aWinnerRememberedForSmallMessagesDoesNotCarryALargerOne() {
    RoutingTable table = smallAndBig();

    assertThat(table.resolve("HUB1", "a@contoso.com", 1000).connectorName()).hasValue("Small");
    assertThat(table.resolve("HUB1", "a@contoso.com", 2_000_000).connectorName()).hasValue("Big");
    assertThat(table.resolve("HUB1", "a@contoso.com", 1000).connectorName()).hasValue("Small");
  }

  @Test
  void aWinnerFoundForALargeMessageIsNotRememberedForSmallerOnes() {
    RoutingTable table = smallAndBig();

    assertThat(table.resolve("HUB1", "a@contoso.com", 2_000_000).connectorName()).hasValue("Big");
    assertThat(table.resolve("HUB1", "a@contoso.com", 1000).connectorName()).hasValue("Small");
  }

  @Test
  void eachServerHasItsOwnWinners() {
    RoutingTable table = RoutingTable.build(RoutingFixture.with(RoutingFixture.connectors(
        "Near1 spaces=contoso.com src=HUB1 & Near5 spaces=contoso.com src=HUB5")));

    assertThat(table.resolve("HUB1", "a@contoso.com", 1000).connectorName()).hasValue("Near1");
    assertThat(table.resolve("HUB5", "a@contoso.com", 1000).connectorName()).hasValue("Near5");
    assertThat(table.resolve("HUB1", "a@contoso.com", 1000).connectorName()).hasValue("Near1");
  }

  @Provide
  Arbitrary<List<Connector>> connectors() {
    Arbitrary<AddressSpace> space = Combinators.combine(Arbitraries.of(SPACES), Arbitraries.integers().between(1, 5))
        .as(AddressSpace::smtp);
    Arbitrary<List<String>> sources = Arbitraries.of(SERVERS.subList(0, 6)).list().ofMinSize(1).ofMaxSize(2)
        .uniqueElements();
    Arbitrary<SendConnector.Builder> one = Combinators.combine(
            space.list().ofMinSize(1).ofMaxSize(3).uniqueElements(AddressSpace::address), sources,
            Arbitraries.of(SIZES), Arbitraries.of(true, true, true, false))
        .as((spaces, src, max, enabled) -> SendConnector.builder("x").addressSpaces(spaces)
            .sourceTransportServers(src).maxMessageSize(max).enabled(enabled));
    return one.list().ofMinSize(1).ofMaxSize(10).map(builders -> {
      List<Connector> out = new ArrayList<>();
      for (int i = 0; i < builders.size(); i++) {
        out.add(builders.get(i).name("C" + i).build());
      }
      return out;
    });
  }

  @Provide
  Arbitrary<List<Tuple.Tuple3<String, String, Long>>> resolutions() {
    return Combinators.combine(Arbitraries.of(SERVERS), Arbitraries.of(RECIPIENTS),
            Arbitraries.of(1_000L, 900_000L, 1_048_576L, 1_048_577L, 5_000_000L, 20_000_000L))
        .as(Tuple::of).list().ofMinSize(1).ofMaxSize(40);
  }

  @Property(tries = 300)
  void aTableThatHasResolvedBeforeAnswersAsAFreshOne(
      @ForAll("connectors") List<Connector> connectors,
      @ForAll("resolutions") List<Tuple.Tuple3<String, String, Long>> resolutions) {
    RoutingTable shared = RoutingTable.build(RoutingFixture.with(connectors));

    for (Tuple.Tuple3<String, String, Long> r : resolutions) {
      RoutingDecision remembered = shared.resolve(r.get1(), r.get2(), r.get3());
      RoutingDecision fresh = RoutingTable.build(RoutingFixture.with(connectors)).resolve(r.get1(), r.get2(), r.get3());

      assertThat(RoutingFixture.describe(remembered)).as("%s", r).isEqualTo(RoutingFixture.describe(fresh));
    }
  }
}
