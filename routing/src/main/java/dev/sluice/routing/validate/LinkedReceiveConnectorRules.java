package dev.sluice.routing.validate;

import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.SendConnector;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The rules on LinkedReceiveConnector: all mail received through that Receive connector leaves through
 * this Send connector.
 *
 * <p>LinkedReceiveConnector holds a Receive connector name, compared case-insensitively. It links the
 * Receive connector of that name on every source server of the Send connector that has one (at least
 * one must): each source server relays what it received through the connector, which is what a link
 * means on a clustered connector. A Receive connector of a server that is not a source server is
 * never linked, since the mail would have to cross servers before it could leave.
 *
 * <p>Stateless and thread-safe; each rule returns its problems and never throws.
 */
final class LinkedReceiveConnectorRules {
  private static final String PROPERTY = "LinkedReceiveConnector";

  private LinkedReceiveConnectorRules() {}

  static Stream<ValidationProblem> check(ConnectorFacts f) {
    if (f.send().linkedReceiveConnector().isEmpty()) {
      return Stream.empty();
    }
    return Stream.of(exists(f), linkedOnce(f), needsSmartHosts(f), needsDnsRoutingOff(f), needsUnlimitedSize(f))
        .flatMap(s -> s);
  }

  /** The Receive connectors {@code c} links, as described in the class comment. */
  static List<ReceiveConnector> linked(SendConnector c, OrganizationConfig org) {
    return c.linkedReceiveConnector().stream()
        .flatMap(
            name ->
                org.receiveConnectors().stream()
                    .filter(r -> r.name().equalsIgnoreCase(name))
                    .filter(r -> c.sourceTransportServers().stream().anyMatch(s -> s.equalsIgnoreCase(r.server()))))
        .toList();
  }

  // A link to nothing would silently route nothing; it is a typo or a removed Receive connector.
  static Stream<ValidationProblem> exists(ConnectorFacts f) {
    SendConnector c = f.send();
    return f.when(
        linked(c, f.org()).isEmpty(),
        PROPERTY,
        "no source server (" + String.join(", ", c.sourceTransportServers()) + ") has a Receive connector named '"
            + c.linkedReceiveConnector().orElseThrow() + "': name one of theirs in LinkedReceiveConnector, or"
            + " clear it");
  }

  // Mail received on a linked Receive connector must leave through one connector, else the link is
  // ambiguous.
  static Stream<ValidationProblem> linkedOnce(ConnectorFacts f) {
    List<ReceiveConnector> mine = linked(f.send(), f.org());
    return f.otherSendConnectors().stream()
        .flatMap(
            other -> {
              List<ReceiveConnector> shared = linked(other, f.org()).stream().filter(mine::contains).toList();
              return f.when(
                  !shared.isEmpty(),
                  PROPERTY,
                  "Receive connector " + names(shared) + " is already linked to Send connector '" + other.name()
                      + "', and a Receive connector links to one Send connector only: clear LinkedReceiveConnector"
                      + " on one of them");
            });
  }

  // The linked Receive connector's mail is relayed as it came, to a fixed next hop.
  static Stream<ValidationProblem> needsSmartHosts(ConnectorFacts f) {
    return f.when(
        f.send().smartHosts().isEmpty(),
        "SmartHosts",
        "a connector with a LinkedReceiveConnector relays to smart hosts: give SmartHosts");
  }

  // The same reason: the next hop is the smart host, never the recipient domain's MX.
  static Stream<ValidationProblem> needsDnsRoutingOff(ConnectorFacts f) {
    return f.when(
        f.send().dnsRoutingEnabled(),
        "DNSRoutingEnabled",
        "a connector with a LinkedReceiveConnector relays to smart hosts: set DNSRoutingEnabled false");
  }

  // The Receive connector has accepted the message already; refusing it here by size would strand it.
  static Stream<ValidationProblem> needsUnlimitedSize(ConnectorFacts f) {
    return f.when(
        !f.send().maxMessageSize().isUnlimited(),
        "MaxMessageSize",
        "a connector with a LinkedReceiveConnector must take every message its Receive connector accepted: set"
            + " MaxMessageSize unlimited");
  }

  private static String names(List<ReceiveConnector> connectors) {
    return connectors.stream().map(r -> r.server() + "\\" + r.name()).collect(Collectors.joining(", "));
  }
}
