package dev.sluice.it;

import static org.awaitility.Awaitility.await;

import dev.sluice.directory.Directory;
import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.ObjectKind;
import dev.sluice.node.delivery.ScriptedSmtpServer;
import dev.sluice.node.lifecycle.TransportNode;
import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.AcceptedDomainType;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.UsageType;
import dev.sluice.routing.validate.UsageDefaults;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The directory objects the cluster tests route with: an accepted domain anonymous clients may send to, and
 * Internet Send connectors to a {@link ScriptedSmtpServer} smart host from named source servers; and the wait
 * until every node's snapshot holds a change.
 */
final class Routes {
  private Routes() {}

  /** Accepts {@code domain} as InternalRelay, so that an anonymous client may send to it and it leaves. */
  static void acceptRelayDomain(Directory directory, String domain) {
    directory.create(ObjectKind.ACCEPTED_DOMAIN, new AcceptedDomain(domain, domain, AcceptedDomainType.INTERNAL_RELAY));
  }

  /** An Internet connector {@code name} for {@code domain} at {@code cost}, to {@code smartHost}, from {@code sources}. */
  static SendConnector toSmartHost(String name, String domain, int cost, ScriptedSmtpServer smartHost,
      String... sources) {
    return UsageDefaults.newConnector(SendConnector.builder(name)
        .addressSpaces("SMTP:" + domain + ";" + cost).sourceTransportServers(sources).dnsRoutingEnabled(false)
        .smartHosts(smartHostText(smartHost)), Optional.of(UsageType.INTERNET), Optional.of(SmartHostAuthMechanism.NONE));
  }

  /** How a connector names {@code server} as its smart host. */
  static String smartHostText(ScriptedSmtpServer server) {
    return "[" + server.address().getAddress().getHostAddress() + "]:" + server.address().getPort();
  }

  /** The connector {@code name} in {@code snapshot}, if it holds it. */
  static Optional<SendConnector> connector(DirectorySnapshot snapshot, String name) {
    return snapshot.config().sendConnectors().stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Waits (at most 10 s) until the snapshot of every one of {@code nodes} satisfies {@code holds}. */
  static void awaitSnapshots(Predicate<DirectorySnapshot> holds, TransportNode... nodes) {
    for (TransportNode node : nodes) {
      await().atMost(Duration.ofSeconds(10)).until(() -> node.directory().snapshot().filter(holds).isPresent());
    }
  }
}
