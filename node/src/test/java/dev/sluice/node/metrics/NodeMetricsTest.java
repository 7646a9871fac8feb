package dev.sluice.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.Member;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.ServerRole;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The cluster's gauges follow the snapshot they are bound to, scrape by scrape. */
class NodeMetricsTest {
  private static Member hub(String name, String site) {
    return new Member(name, ServerRole.HUB, site, "127.0.0.1:25", "", "test", Instant.EPOCH, 0);
  }

  private static DirectorySnapshot snapshot(List<SendConnector> connectors, Member... members) {
    Map<String, Member> live = new java.util.HashMap<>();
    for (Member m : members) {
      live.put(m.server().toLowerCase(java.util.Locale.ROOT), m);
    }
    return new DirectorySnapshot(OrganizationConfig.empty("test").withSendConnectors(connectors), live, 1, false,
        List.of(), 1, Map.of());
  }

  @Test
  void membersBySiteAndSourceServersUpFollowTheSnapshotAndAMemberThatLeavesDrops() {
    List<SendConnector> connectors = List.of(
        SendConnector.builder("out").addressSpaces("SMTP:*;1").sourceTransportServers("S1", "S2").build(),
        SendConnector.builder("off").addressSpaces("SMTP:*;1").sourceTransportServers("S1").enabled(false).build());
    AtomicReference<Optional<DirectorySnapshot>> current = new AtomicReference<>(Optional.empty());
    try (NodeMetrics metrics = new NodeMetrics()) {
      metrics.bindCluster(current::get);
      assertThat(metrics.scrape()).doesNotContain("sluice_directory_members{").doesNotContain("sluice_source_server_up{");

      current.set(Optional.of(snapshot(connectors, hub("S1", "A"), hub("S2", "A"), hub("R1", "B"))));
      String all = metrics.scrape();
      assertThat(all).contains("sluice_directory_members{role=\"hub\",site=\"A\"} 2.0")
          .contains("sluice_directory_members{role=\"hub\",site=\"B\"} 1.0")
          .contains("sluice_source_server_up{connector=\"out\",server=\"S1\"} 1.0")
          .contains("sluice_source_server_up{connector=\"out\",server=\"S2\"} 1.0")
          .as("a disabled connector is not routed with").doesNotContain("connector=\"off\"");

      current.set(Optional.of(snapshot(connectors, hub("S1", "A"))));
      String after = metrics.scrape();
      assertThat(after).contains("sluice_directory_members{role=\"hub\",site=\"A\"} 1.0")
          .doesNotContain("site=\"B\"")
          .contains("sluice_source_server_up{connector=\"out\",server=\"S2\"} 0.0");
    }
  }

  @Test
  void relaysCountByConnectorAndServer() {
    try (NodeMetrics metrics = new NodeMetrics()) {
      metrics.relayed("out", "S1");
      metrics.relayed("out", "S1");
      metrics.relayed("out", "S2");
      assertThat(metrics.scrape()).contains("sluice_relay_messages_total{connector=\"out\",server=\"S1\"} 2.0")
          .contains("sluice_relay_messages_total{connector=\"out\",server=\"S2\"} 1.0");
    }
  }
}
