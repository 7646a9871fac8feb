package dev.sluice.routing.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.address.AddressSpaceIndex.Entry;
import dev.sluice.routing.address.AddressSpaceIndex.Match;
import dev.sluice.routing.model.MaxMessageSize;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.TransportServer;
import dev.sluice.routing.topology.SiteTopology;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packed layout reads back what was packed, at the edges of its fields. */
class CandidateGroupsTest {
  private static final SiteTopology TOPOLOGY = SiteTopology.build(
      List.of(Site.of("S1"), Site.of("S2")), List.of(),
      List.of(TransportServer.hub("HUB1", "S1"), TransportServer.hub("HUB2", "S2")), List.of());

  /** The packed groups of one connector's match, and its candidate in them. */
  private record Packed(CandidateGroups groups, int candidate) {}

  private static Packed pack(SendConnector connector, AddressSpace space, int specificity) {
    ConnectorView view = ConnectorView.of(connector, TOPOLOGY);
    Map<ConnectorView, Integer> ranks = new IdentityHashMap<>();
    // Another connector ranks first, so that a rank other than 0 is read back.
    ranks.put(ConnectorView.of(SendConnector.builder("A").addressSpaces(List.of(AddressSpace.smtp("*"))).build(), TOPOLOGY), 0);
    ranks.put(view, 1);
    CandidateGroups.Builder builder = new CandidateGroups.Builder(ranks);
    // A group before it, so that offsets other than 0 are read back too.
    builder.add(List.of());
    int group = builder.add(List.of(new Match<>(new Entry<>(space, view), specificity)));
    CandidateGroups groups = builder.build();
    assertThat(groups.size(group)).isEqualTo(1);
    return new Packed(groups, groups.first(group));
  }

  private static SendConnector.Builder connector() {
    return SendConnector.builder("C").addressSpaces(List.of(AddressSpace.smtp("contoso.com", 42)))
        .sourceTransportServers("HUB1", "HUB2");
  }

  @Test
  void readsBackEveryField() {
    Packed packed = pack(connector().isScopedConnector(true).build(), AddressSpace.smtp("contoso.com", 42), 5);
    CandidateGroups group = packed.groups();
    int c = packed.candidate();

    assertThat(group.specificity(c)).isEqualTo(5);
    assertThat(group.cost(c)).isEqualTo(42);
    assertThat(group.rank(c)).isEqualTo(1);
    assertThat(group.flags(c) & CandidateGroups.ENABLED).isNotZero();
    assertThat(group.flags(c) & CandidateGroups.SCOPED).isNotZero();
    assertThat(group.flags(c) & CandidateGroups.EDGE_SOURCED).isZero();
    assertThat(group.connectorName(c)).isEqualTo("C");
    assertThat(group.hasSourceServer(c, TOPOLOGY.serverNumber("HUB2"))).isTrue();
    assertThat(group.serversInSite(c, TOPOLOGY.siteNumber("S1")).members()).extracting(TransportServer::name)
        .containsExactly("HUB1");
    assertThat(group.serversInSite(c, TOPOLOGY.siteNumber("S2")).members()).extracting(TransportServer::name)
        .containsExactly("HUB2");
    assertThat(group.sitesTo(c) - group.sitesFrom(c)).isEqualTo(2);
  }

  @Test
  void aSizeLimitAbove2GbIsStillExact() {
    long limit = 5L * 1024 * 1024 * 1024;
    Packed packed = pack(connector().maxMessageSize(MaxMessageSize.ofBytes(limit)).build(),
        AddressSpace.smtp("contoso.com"), 5);

    assertThat(packed.groups().admits(packed.candidate(), limit)).isTrue();
    assertThat(packed.groups().admits(packed.candidate(), limit + 1)).isFalse();
    assertThat(packed.groups().admits(packed.candidate(), 3L * 1024 * 1024 * 1024)).isTrue();
  }

  @Test
  void aSmallSizeLimitRefusesOneByteMore() {
    Packed packed = pack(connector().maxMessageSize(MaxMessageSize.ofBytes(1000)).build(),
        AddressSpace.smtp("contoso.com"), 5);

    assertThat(packed.groups().admits(packed.candidate(), 1000)).isTrue();
    assertThat(packed.groups().admits(packed.candidate(), 1001)).isFalse();
  }

  @Test
  void aHugeSpecificitySaturatesInsteadOfFailingTheBuild() {
    Packed packed = pack(connector().build(), AddressSpace.smtp("contoso.com"), 100_000);

    assertThat(packed.groups().specificity(packed.candidate())).isEqualTo(0xffff);
  }
}
