package dev.sluice.node.receive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveConnector.Binding;
import dev.sluice.routing.model.ReceiveConnector.RemoteIpRange;
import dev.sluice.routing.model.ReceiveLimits;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReceiveConnectorMatcherTest {
  private static ReceiveConnector connector(String name, String binding, boolean enabled, String... ranges) {
    return new ReceiveConnector("HUB1", name, List.of(Binding.parse(binding)),
        java.util.Arrays.stream(ranges).map(RemoteIpRange::new).toList(), Set.of(), Set.of(), Optional.empty(),
        enabled, ReceiveLimits.HUB_DEFAULTS);
  }

  private static Optional<String> served(List<ReceiveConnector> connectors, String local, int port, String remote) {
    return ReceiveConnectorMatcher.of(connectors).select(new InetSocketAddress(local, port), new InetSocketAddress(remote, 40000))
        .map(ReceiveConnector::name);
  }

  @Test
  void theNarrowestRemoteRangeWins() {
    List<ReceiveConnector> connectors = List.of(
        connector("Default", "0.0.0.0:25", true, "0.0.0.0/0"),
        connector("Relay", "0.0.0.0:25", true, "127.0.0.0/8"),
        connector("One host", "0.0.0.0:25", true, "127.0.0.9"));
    assertThat(served(connectors, "127.0.0.1", 25, "203.0.113.5")).hasValue("Default");
    assertThat(served(connectors, "127.0.0.1", 25, "127.0.0.2")).hasValue("Relay");
    assertThat(served(connectors, "127.0.0.1", 25, "127.0.0.9")).hasValue("One host");
  }

  @Test
  void aSpecificBindingWinsOverTheAnyAddressAndThePortMustMatch() {
    List<ReceiveConnector> connectors = List.of(
        connector("Any", "0.0.0.0:25", true, "127.0.0.9"),
        connector("Loopback two", "127.0.0.2:25", true, "0.0.0.0/0"),
        connector("Submission", "0.0.0.0:587", true, "0.0.0.0/0"));
    assertThat(served(connectors, "127.0.0.2", 25, "127.0.0.9")).hasValue("Loopback two");
    assertThat(served(connectors, "127.0.0.1", 25, "127.0.0.9")).hasValue("Any");
    assertThat(served(connectors, "127.0.0.1", 587, "127.0.0.9")).hasValue("Submission");
    assertThat(served(connectors, "127.0.0.1", 2525, "127.0.0.9")).isEmpty();
  }

  @Test
  void disabledConnectorsAndUnparsableRangesNeverServeAndTiesGoByName() {
    List<ReceiveConnector> connectors = List.of(
        connector("Zeta", "0.0.0.0:25", true, "0.0.0.0/0"),
        connector("Alpha", "0.0.0.0:25", true, "0.0.0.0/0"),
        connector("Off", "0.0.0.0:25", false, "127.0.0.1"),
        connector("Broken", "0.0.0.0:25", true, "127.0.0.1/99"));
    assertThat(served(connectors, "127.0.0.1", 25, "127.0.0.1")).hasValue("Alpha");
  }
}
