package dev.sluice.directory;

import dev.sluice.routing.model.Connector;
import dev.sluice.routing.model.ForeignConnector;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.validate.ConnectorValidator;
import dev.sluice.routing.validate.ValidationException;
import dev.sluice.routing.validate.ValidationProblem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What every write of the directory must pass before it reaches ZooKeeper: routing's rules on the
 * organization as it would be after the write, and the refusals of removing what others still name.
 *
 * <p>Pure functions; thread-safe. A write is refused only for the problems it introduces: a problem the
 * directory already had (an object written by another tool) does not block unrelated writes.
 */
public final class WriteRules {
  private WriteRules() {}

  /**
   * Throws a {@link ValidationException} listing the problems that {@code after} has and {@code before}
   * had not, checking the topology and the connectors named in {@code connectors} (identities).
   */
  public static void requireNoNewProblems(
      ConfigView before, ConfigView after, String organization, Collection<String> connectors) {
    List<ValidationProblem> introduced = new ArrayList<>(problems(after, organization, connectors));
    introduced.removeAll(new LinkedHashSet<>(problems(before, organization, connectors)));
    if (!introduced.isEmpty()) {
      throw new ValidationException(introduced);
    }
  }

  private static List<ValidationProblem> problems(ConfigView view, String organization, Collection<String> connectors) {
    OrganizationConfig org = view.organization(organization);
    List<ValidationProblem> out = new ArrayList<>(ConnectorValidator.validateTopology(org));
    for (String id : new LinkedHashSet<>(connectors)) {
      view.get(ObjectKind.SEND_CONNECTOR, id).ifPresent(c -> out.addAll(ConnectorValidator.validate(c, org)));
      view.get(ObjectKind.FOREIGN_CONNECTOR, id).ifPresent(c -> out.addAll(ConnectorValidator.validate(c, org)));
    }
    return out;
  }

  /** The identities of the connectors (Send and Foreign) that list {@code server} as a source server. */
  public static List<String> connectorsSourcedBy(ConfigView view, String server) {
    List<String> out = new ArrayList<>();
    for (Connector c : connectors(view)) {
      if (c.sourceTransportServers().stream().anyMatch(s -> s.equalsIgnoreCase(server))) {
        out.add(c.name());
      }
    }
    return out;
  }

  /** The Send connectors that link the Receive connector {@code receive}. */
  public static List<String> connectorsLinking(ConfigView view, ReceiveConnector receive) {
    return view.all(ObjectKind.SEND_CONNECTOR).stream()
        .filter(c -> c.linkedReceiveConnector().filter(l -> l.equalsIgnoreCase(receive.name())).isPresent())
        .filter(c -> c.sourceTransportServers().stream().anyMatch(s -> s.equalsIgnoreCase(receive.server())))
        .map(SendConnector::name)
        .toList();
  }

  /** Refuses to remove {@code server} while connectors or an Edge subscription name it. */
  public static void requireServerUnused(ConfigView view, String server) {
    Set<String> referrers = new LinkedHashSet<>();
    connectorsSourcedBy(view, server).forEach(name -> referrers.add(describe(view, name)));
    view.get(ObjectKind.EDGE_SUBSCRIPTION, server)
        .ifPresent(s -> referrers.add("Edge subscription of " + s.edgeServer() + " to site '" + s.site() + "'"));
    for (ReceiveConnector r : view.all(ObjectKind.RECEIVE_CONNECTOR)) {
      if (r.server().equalsIgnoreCase(server)) {
        connectorsLinking(view, r).forEach(name -> referrers.add(describe(view, name)));
      }
    }
    if (!referrers.isEmpty()) {
      throw new DirectoryException.InUse("server '" + server + "' is still named; remove it from these first"
          + " (set-sendconnector --source-transport-servers, remove-edgesubscription)", List.copyOf(referrers));
    }
  }

  /** Refuses to remove {@code site} while servers are in it or Edges subscribe to it. */
  public static void requireSiteUnused(ConfigView view, String site) {
    Set<String> referrers = new LinkedHashSet<>();
    view.all(ObjectKind.SERVER).stream()
        .filter(s -> s.site().equalsIgnoreCase(site))
        .forEach(s -> {
          referrers.add("transport server '" + s.name() + "'");
          connectorsSourcedBy(view, s.name()).forEach(name -> referrers.add(describe(view, name)));
        });
    view.all(ObjectKind.EDGE_SUBSCRIPTION).stream()
        .filter(s -> s.site().equalsIgnoreCase(site))
        .forEach(s -> referrers.add("Edge subscription of " + s.edgeServer()));
    if (!referrers.isEmpty()) {
      throw new DirectoryException.InUse("site '" + site + "' is still in use; move or remove these first",
          List.copyOf(referrers));
    }
  }

  /** Refuses to remove a Receive connector that a Send connector links. */
  public static void requireReceiveConnectorUnused(ConfigView view, ReceiveConnector receive) {
    List<String> linking = connectorsLinking(view, receive).stream().map(n -> describe(view, n)).toList();
    if (!linking.isEmpty()) {
      throw new DirectoryException.InUse("Receive connector '" + receive.server() + "\\" + receive.name()
          + "' is linked; clear their LinkedReceiveConnector first", linking);
    }
  }

  private static List<Connector> connectors(ConfigView view) {
    List<Connector> all = new ArrayList<>(view.all(ObjectKind.SEND_CONNECTOR));
    all.addAll(view.all(ObjectKind.FOREIGN_CONNECTOR));
    return all;
  }

  private static String describe(ConfigView view, String connector) {
    return view.get(ObjectKind.FOREIGN_CONNECTOR, connector).<String>map(ForeignConnector::name)
        .map(n -> "Foreign connector '" + n + "'")
        .orElse("Send connector '" + connector + "'");
  }
}
