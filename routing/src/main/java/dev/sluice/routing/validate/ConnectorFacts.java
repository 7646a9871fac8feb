package dev.sluice.routing.validate;

import dev.sluice.routing.model.Connector;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.TransportServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the rules need to know about one connector in its organization, worked out once: its source
 * servers as configured, and the organization's other connectors.
 *
 * <p>Immutable. The organization may hold the connector already (a write validates the organization as
 * it would be after the write) or not; either way one connector equal to it is taken as itself and
 * left out of {@link #otherConnectors}, so it is never compared with itself.
 *
 * @param connector the connector being checked
 * @param org the organization around it
 */
record ConnectorFacts(Connector connector, OrganizationConfig org, OrganizationIndex index) {

  ConnectorFacts(Connector connector, OrganizationConfig org) {
    this(connector, org, new OrganizationIndex(org));
  }

  /** The object of this connector's problems, e.g. {@code Send connector 'Internet'}. */
  String object() {
    String kind = connector instanceof SendConnector ? "Send connector" : "Foreign connector";
    return kind + " '" + connector.name() + "'";
  }

  ValidationProblem problem(String property, String message) {
    return new ValidationProblem(object(), property, message);
  }

  /** One problem when {@code broken}, else none: the shape of most rules. */
  Stream<ValidationProblem> when(boolean broken, String property, String message) {
    return broken ? Stream.of(problem(property, message)) : Stream.empty();
  }

  /** The configured server named {@code name}, compared case-insensitively as Exchange does. */
  Optional<TransportServer> server(String name) {
    return index.server(name);
  }

  /** The source servers that are configured servers, in the connector's order. */
  List<TransportServer> sourceServers() {
    return connector.sourceTransportServers().stream().flatMap(n -> server(n).stream()).toList();
  }

  /** Whether the source servers are Edge servers: at least one is configured and all configured are. */
  boolean isEdgeConnector() {
    List<TransportServer> servers = sourceServers();
    return !servers.isEmpty() && servers.stream().allMatch(TransportServer::isEdge);
  }

  /** The organization's other connectors with this connector's name, in any case. */
  List<Connector> namesakes() {
    List<Connector> same = new ArrayList<>(index.connectorsNamed(connector.name()));
    same.remove(connector);
    return same;
  }

  /** Every connector of the organization, Send and Foreign, except this one. */
  List<Connector> otherConnectors() {
    List<Connector> others = new ArrayList<>(org.connectors());
    others.remove(connector);
    return others;
  }

  /** The Send connectors of the organization except this one. */
  List<SendConnector> otherSendConnectors() {
    return otherConnectors().stream()
        .filter(SendConnector.class::isInstance)
        .map(SendConnector.class::cast)
        .toList();
  }

  /** This connector as a Send connector; only Send connector rules call it. */
  SendConnector send() {
    return (SendConnector) connector;
  }
}
