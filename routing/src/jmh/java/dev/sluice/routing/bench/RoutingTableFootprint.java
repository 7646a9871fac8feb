package dev.sluice.routing.bench;

import dev.sluice.routing.RoutingTable;
import dev.sluice.routing.decision.RoutingDecision;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jol.info.GraphLayout;

/**
 * Prints the heap a {@link RoutingTable} of {@link LargeOrganization} retains, measured by walking its
 * object graph with JOL (not guessed), apart from the configuration it was built from; and, as a check
 * that the figures describe a working table, how the recipient mix resolved.
 */
public final class RoutingTableFootprint {
  private RoutingTableFootprint() {}

  public static void main(String[] args) {
    LargeOrganization organization = LargeOrganization.generate();
    long configBytes = GraphLayout.parseInstance(organization.config).totalSize();
    RoutingTable table = RoutingTable.build(organization.config);
    GraphLayout tableGraph = GraphLayout.parseInstance(table);
    long tableBytes = tableGraph.totalSize();

    Map<String, Integer> outcomes = new HashMap<>();
    for (String recipient : organization.recipients) {
      RoutingDecision d = table.resolve(organization.localServer, recipient, 50_000);
      outcomes.merge(d.getClass().getSimpleName(), 1, Integer::sum);
    }
    System.out.printf("routing table footprint (JOL graph walk)%n");
    System.out.printf("  configuration (%d connectors, %d address spaces, %d sites): %,d bytes%n",
        organization.config.sendConnectors().size(),
        organization.config.sendConnectors().stream().mapToInt(c -> c.addressSpaces().size()).sum(),
        organization.config.sites().size(), configBytes);
    System.out.printf("  routing table including the configuration: %,d bytes (%d objects)%n",
        tableBytes, tableGraph.totalCount());
    System.out.printf("  retained by the table beyond the configuration: %,d bytes%n", tableBytes - configBytes);
    System.out.printf("  decisions for the %d benchmark recipients: %s%n", organization.recipients.length, outcomes);
  }
}
