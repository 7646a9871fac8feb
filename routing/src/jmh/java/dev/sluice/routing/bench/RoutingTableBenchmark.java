package dev.sluice.routing.bench;

import dev.sluice.routing.RoutingTable;
import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.address.AddressSpaceIndex;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.model.SendConnector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Resolutions per second on one thread, and the time to build the table, for {@link LargeOrganization}.
 *
 * <p>Run with {@code mvn -B -pl routing -Pbench verify} (see the README).
 */
@State(Scope.Thread)
@Threads(1)
public class RoutingTableBenchmark {
  /**
   * How many distinct recipients the loop cycles through: 16,384 spread over every address space (the
   * whole table is touched, most lookups miss the CPU caches) or 1,024 (a working set that stays in
   * cache, as the recurring domains of a real mail stream do).
   */
  @Param({"16384", "1024"})
  public int distinctRecipients;

  private LargeOrganization organization;
  private RoutingTable table;
  private AddressSpaceIndex<String> index;
  private int mask;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    organization = LargeOrganization.generate();
    table = RoutingTable.build(organization.config);
    mask = distinctRecipients - 1;
    List<AddressSpaceIndex.Entry<String>> entries = new ArrayList<>();
    for (SendConnector connector : organization.config.sendConnectors()) {
      for (AddressSpace space : connector.addressSpaces()) {
        entries.add(new AddressSpaceIndex.Entry<>(space, connector.name()));
      }
    }
    index = AddressSpaceIndex.build(entries, organization.config.acceptedDomains());
  }

  /** One recipient resolved from the local hub; the recipients cycle through the stated mix. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public RoutingDecision resolve() {
    String recipient = organization.recipients[next++ & mask];
    return table.resolve(organization.localServer, recipient, 50_000);
  }

  /** The address-space index alone, for the same recipients: what a lookup costs before selection. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public List<AddressSpaceIndex.Match<String>> addressSpaceLookup() {
    return index.match(organization.recipients[next++ & mask]);
  }

  /** Building the whole table from the snapshot: index, topology, connector views. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public RoutingTable build() {
    return RoutingTable.build(organization.config);
  }
}
