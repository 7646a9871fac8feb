package dev.sluice.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.model.Connector;
import dev.sluice.routing.model.MaxMessageSize;
import dev.sluice.routing.model.SendConnector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of connector selection over random connector sets in {@link RoutingFixture}'s organization. */
class SelectionPropertiesTest {
  private static final List<String> SPACES = List.of(
      "*", "contoso.com", "*.contoso.com", "sales.contoso.com", "*.sales.contoso.com", "*.com", "fabrikam.com",
      "*.fabrikam.com");
  private static final List<String> RECIPIENTS = List.of(
      "a@contoso.com", "a@sales.contoso.com", "a@x.sales.contoso.com", "a@fabrikam.com", "a@www.fabrikam.com",
      "a@other.com", "a@other.org");
  private static final List<String> SOURCES = List.of("HUB1", "HUB2", "HUB3", "HUB4", "HUB5");

  @Provide
  Arbitrary<List<Connector>> connectors() {
    Arbitrary<AddressSpace> space = Combinators.combine(Arbitraries.of(SPACES), Arbitraries.integers().between(1, 5))
        .as(AddressSpace::smtp);
    Arbitrary<List<String>> sources = Arbitraries.of(SOURCES).list().ofMinSize(1).ofMaxSize(2).uniqueElements();
    return Combinators.combine(space.list().ofMinSize(1).ofMaxSize(3).uniqueElements(s -> s.address()), sources)
        .as((spaces, src) -> (Object) List.of(spaces, src))
        .list().ofMinSize(1).ofMaxSize(12)
        .map(raw -> {
          List<Connector> out = new ArrayList<>();
          for (int i = 0; i < raw.size(); i++) {
            @SuppressWarnings("unchecked")
            List<Object> pair = (List<Object>) raw.get(i);
            @SuppressWarnings("unchecked")
            List<AddressSpace> spaces = (List<AddressSpace>) pair.get(0);
            @SuppressWarnings("unchecked")
            List<String> src = (List<String>) pair.get(1);
            out.add(SendConnector.builder("C" + i).addressSpaces(spaces).sourceTransportServers(src)
                .maxMessageSize(MaxMessageSize.UNLIMITED).build());
          }
          return out;
        });
  }

  @Property(tries = 300)
  void theDecisionDoesNotDependOnTheOrderConnectorsAreListed(
      @ForAll("connectors") List<Connector> connectors, @ForAll("recipients") String recipient, @ForAll long seed) {
    List<Connector> shuffled = new ArrayList<>(connectors);
    Collections.shuffle(shuffled, new Random(seed));

    RoutingDecision listed = RoutingTable.build(RoutingFixture.with(connectors)).resolve("HUB1", recipient, 1000);
    RoutingDecision reordered = RoutingTable.build(RoutingFixture.with(shuffled)).resolve("HUB1", recipient, 1000);

    assertThat(RoutingFixture.describe(reordered)).isEqualTo(RoutingFixture.describe(listed));
  }

  @Property(tries = 300)
  void theWinnerAlwaysHoldsAMostSpecificMatch(
      @ForAll("connectors") List<Connector> connectors, @ForAll("recipients") String recipient) {
    RoutingDecision decision = RoutingTable.build(RoutingFixture.with(connectors)).resolve("HUB1", recipient, 1000);
    String domain = recipient.substring(recipient.indexOf('@') + 1);
    int best = connectors.stream().flatMap(c -> c.addressSpaces().stream())
        .mapToInt(s -> rank(s.address(), domain)).max().orElse(-1);

    Optional<String> winner = decision.connectorName();
    if (best < 0) {
      assertThat(decision).isInstanceOf(RoutingDecision.Unreachable.class);
      return;
    }
    assertThat(winner).as("a connector matches, so one must win: " + decision).isPresent();
    Connector won = connectors.stream().filter(c -> c.name().equals(winner.get())).findFirst().orElseThrow();
    assertThat(won.addressSpaces()).anySatisfy(s -> assertThat(rank(s.address(), domain)).isEqualTo(best));
  }

  @Provide
  Arbitrary<String> recipients() {
    return Arbitraries.of(RECIPIENTS);
  }

  /** Brute-force specificity, independent of the index: -1 no match, exact above every wildcard. */
  private static int rank(String space, String domain) {
    if (space.equals("*")) {
      return 0;
    }
    if (space.startsWith("*.")) {
      String base = space.substring(2);
      return domain.equals(base) || domain.endsWith("." + base) ? base.split("\\.").length * 2 : -1;
    }
    return domain.equals(space) ? space.split("\\.").length * 2 + 1 : -1;
  }
}
