package dev.sluice.routing.validate;

import dev.sluice.routing.model.ForeignConnector;
import dev.sluice.routing.model.TransportServer;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The rules on a connector's source servers (SourceTransportServers).
 *
 * <p>Stateless and thread-safe; each rule returns its problems and never throws.
 */
final class SourceServerRules {
  private static final String PROPERTY = "SourceTransportServers";

  private SourceServerRules() {}

  static Stream<ValidationProblem> check(ConnectorFacts f) {
    Stream<ValidationProblem> common = Stream.of(atLeastOne(f), configured(f)).flatMap(s -> s);
    if (f.connector() instanceof ForeignConnector) {
      return Stream.concat(common, foreignSourceServersAreHubs(f));
    }
    return Stream.of(common, allHubOrAllEdge(f), edgesAreSubscribed(f)).flatMap(s -> s);
  }

  // The reference: "You must select at least one source server"; without one no server delivers.
  static Stream<ValidationProblem> atLeastOne(ConnectorFacts f) {
    return f.when(
        f.connector().sourceTransportServers().isEmpty(),
        PROPERTY,
        "list at least one source server in SourceTransportServers, such as HUB1");
  }

  // A name that is no configured server is a typo or a removed server: routing could never reach it.
  static Stream<ValidationProblem> configured(ConnectorFacts f) {
    return f.connector().sourceTransportServers().stream()
        .filter(name -> f.server(name).isEmpty())
        .map(
            name ->
                f.problem(
                    PROPERTY,
                    "'" + name + "' is not a configured transport server: configure it first or remove it from"
                        + " SourceTransportServers"));
  }

  // Hubs route inside the organization and Edges in the perimeter; one connector cannot be both
  // (the reference: an Edge connector takes SMTP spaces only, a Hub connector any type).
  static Stream<ValidationProblem> allHubOrAllEdge(ConnectorFacts f) {
    List<TransportServer> servers = f.sourceServers();
    String hubs = names(servers.stream().filter(TransportServer::isHub));
    String edges = names(servers.stream().filter(TransportServer::isEdge));
    return f.when(
        !hubs.isEmpty() && !edges.isEmpty(),
        PROPERTY,
        "the source servers mix Hub servers (" + hubs + ") and Edge servers (" + edges + "): list only Hub"
            + " servers or only Edge servers in SourceTransportServers");
  }

  // The reference: source servers "can be Hub Transport servers or subscribed Edge Transport servers";
  // an unsubscribed Edge is not part of the organization's routing. A directory that holds no Hub at
  // all is an Edge's own (what ADAM is to an unsubscribed Exchange Edge, reference Table 2's manual
  // Custom connector): there the Edge's connectors need no subscription.
  static Stream<ValidationProblem> edgesAreSubscribed(ConnectorFacts f) {
    if (!f.index().hasHub()) {
      return Stream.empty();
    }
    return f.sourceServers().stream()
        .filter(TransportServer::isEdge)
        .filter(s -> !f.index().isSubscribed(s.name()))
        .map(
            s ->
                f.problem(
                    PROPERTY,
                    "Edge server '" + s.name() + "' has no Edge subscription: subscribe it to a site with"
                        + " new-edgesubscription or remove it from SourceTransportServers"));
  }

  // Foreign connectors exist on Hub Transport servers only: they drop files for local gateways.
  static Stream<ValidationProblem> foreignSourceServersAreHubs(ConnectorFacts f) {
    return f.sourceServers().stream()
        .filter(TransportServer::isEdge)
        .map(
            s ->
                f.problem(
                    PROPERTY,
                    "'" + s.name() + "' is an Edge server, and a Foreign connector runs on Hub servers only:"
                        + " list Hub servers in SourceTransportServers"));
  }

  private static String names(Stream<TransportServer> servers) {
    return servers.map(TransportServer::name).collect(Collectors.joining(", "));
  }
}
