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
class CandidateGroupTest {
  private static final SiteTopology TOPOLOGY = SiteTopology.build(
      List.of(Site.of("S1"), Site.of("S2")), List.of(),
      List.of(TransportServer.hub("HUB1", "S1"), TransportServer.hub("HUB2", "S2")), List.of());

  private static CandidateGroup pack(SendConnector connector, AddressSpace space, int specificity) {
    ConnectorView view = ConnectorView.of(connector, TOPOLOGY);
    Map<ConnectorView, Integer> ranks = new IdentityHashMap<>();
    ranks.put(view, 7);
    return CandidateGroup.of(List.of(new Match<>(new Entry<>(space, view), specificity)), ranks);
  }

  private static SendConnector.Builder connector() {
    return SendConnector.builder("C").addressSpaces(List.of(AddressSpace.smtp("contoso.com", 42)))
        .sourceTransportServers("HUB1", "HUB2");
  }

  @Test
  void readsBackEveryField() {
    CandidateGroup group = pack(connector().isScopedConnector(true).build(), AddressSpace.smtp("contoso.com", 42), 5);

    assertThat(group.size()).isEqualTo(1);
    assertThat(group.specificity(0)).isEqualTo(5);
    assertThat(group.cost(0)).isEqualTo(42);
    assertThat(group.rank(0)).isEqualTo(7);
    assertThat(group.flags(0) & CandidateGroup.ENABLED).isNotZero();
    assertThat(group.flags(0) & CandidateGroup.SCOPED).isNotZero();
    assertThat(group.flags(0) & CandidateGroup.EDGE_SOURCED).isZero();
    assertThat(group.connectorName(0)).isEqualTo("C");
    assertThat(group.hasSourceServer(0, TOPOLOGY.serverNumber("HUB2"))).isTrue();
    assertThat(group.serversInSite(0, TOPOLOGY.siteNumber("S2")).members()).extracting(TransportServer::name)
        .containsExactly("HUB2");
    assertThat(group.sitesTo(0) - group.sitesFrom(0)).isEqualTo(2);
  }

  @Test
  void aSizeLimitAbove2GbIsStillExact() {
    long limit = 5L * 1024 * 1024 * 1024;
    CandidateGroup group = pack(connector().maxMessageSize(MaxMessageSize.ofBytes(limit)).build(),
        AddressSpace.smtp("contoso.com"), 5);

    assertThat(group.admits(0, limit)).isTrue();
    assertThat(group.admits(0, limit + 1)).isFalse();
    assertThat(group.admits(0, 3L * 1024 * 1024 * 1024)).isTrue();
  }

  @Test
  void aSmallSizeLimitRefusesOneByteMore() {
    CandidateGroup group = pack(connector().maxMessageSize(MaxMessageSize.ofBytes(1000)).build(),
        AddressSpace.smtp("contoso.com"), 5);

    assertThat(group.admits(0, 1000)).isTrue();
    assertThat(group.admits(0, 1001)).isFalse();
  }

  @Test
  void aHugeSpecificitySaturatesInsteadOfFailingTheBuild() {
    CandidateGroup group = pack(connector().build(), AddressSpace.smtp("contoso.com"), 100_000);

    assertThat(group.specificity(0)).isEqualTo(0xffff);
  }
}
