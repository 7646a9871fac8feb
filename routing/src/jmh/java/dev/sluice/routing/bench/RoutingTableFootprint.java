package dev.sluice.routing.bench;

import dev.sluice.routing.RoutingTable;
import dev.sluice.routing.decision.RoutingDecision;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jol.info.GraphLayout;

/**
 * Prints the heap a {@link RoutingTable} of {@link LargeOrganization} retains, measured by walking its
 * object graph with JOL (not guessed), apart from the configuration it was built from; and, as a check
 * that the figures describe a working table, how the recipient mix resolved; then what the table holds
 * once it has resolved them (the winners it remembers for the local server), and how long the first pass
 * over the recipients takes on a freshly built table against the passes after it.
 */
public final class RoutingTableFootprint {
  private RoutingTableFootprint() {}

  /** Where each decision of the timed passes goes, so that the JIT cannot drop the work. */
  private static volatile RoutingDecision last;

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
    long remembering = GraphLayout.parseInstance(table).totalSize();
    System.out.printf("  after resolving them, with the winners remembered for %s: %,d bytes beyond the configuration%n",
        organization.localServer, remembering - configBytes);
    firstPass(organization);
  }

  /**
   * Nanoseconds per resolution in the first pass over the recipients on a new table (each group
   * weighed, then remembered) and in the second pass (remembered), medians of 15 tables after 5 for
   * the JIT; one thread.
   */
  private static void firstPass(LargeOrganization organization) {
    int rounds = 20;
    int warmRounds = 5;
    long[] first = new long[rounds - warmRounds];
    long[] second = new long[rounds - warmRounds];
    for (int round = 0; round < rounds; round++) {
      RoutingTable table = RoutingTable.build(organization.config);
      long[] passes = new long[2];
      for (int pass = 0; pass < 2; pass++) {
        long start = System.nanoTime();
        for (String recipient : organization.recipients) {
          last = table.resolve(organization.localServer, recipient, 50_000);
        }
        passes[pass] = System.nanoTime() - start;
      }
      if (round >= warmRounds) {
        first[round - warmRounds] = passes[0];
        second[round - warmRounds] = passes[1];
      }
    }
    java.util.Arrays.sort(first);
    java.util.Arrays.sort(second);
    int n = organization.recipients.length;
    System.out.printf("first pass over the %d recipients on a new table: %d ns per resolution (median of %d)%n",
        n, first[first.length / 2] / n, first.length);
    System.out.printf("second pass, winners remembered: %d ns per resolution (median of %d)%s%n",
        second[second.length / 2] / n, second.length, last == null ? "?" : "");
  }
}
