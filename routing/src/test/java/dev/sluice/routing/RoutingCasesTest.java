package dev.sluice.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * The routing golden table: one named case per rule and tie-break, and the reference's examples,
 * resolved against {@link RoutingFixture}'s organization.
 */
class RoutingCasesTest {

  @ParameterizedTest(name = "{0}")
  @CsvFileSource(resources = "routing-cases.csv", delimiter = '|', quoteCharacter = '\'', numLinesToSkip = 1)
  void resolvesAsTheTableSays(String name, String local, String recipient, long size, String connectors, String expected) {
    RoutingTable table = RoutingTable.build(RoutingFixture.with(RoutingFixture.connectors(connectors)));

    String actual = RoutingFixture.describe(table.resolve(local, recipient, size));

    assertThat(actual).as(name).isEqualTo(expected);
  }
}
