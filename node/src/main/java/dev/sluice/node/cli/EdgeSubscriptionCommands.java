package dev.sluice.node.cli;

import dev.sluice.directory.ObjectKind;
import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.SendConnector;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * new-, get- and remove-edgesubscription: subscribe an Edge server to a site, which stores the two
 * EdgeSync Send connectors (or adds the Edge to them as a source server), as Exchange's EdgeSync does.
 */
final class EdgeSubscriptionCommands {
  private EdgeSubscriptionCommands() {}

  @Command(name = "new-edgesubscription", description = "Subscribe an Edge server to a site.",
      footerHeading = "%nExample:%n", footer = {"  sluice new-edgesubscription --edge-server EDGE1 --site Site-A"})
  static final class New extends DirectoryVerb {
    @Option(names = {"--edge-server", "--name"}, required = true, paramLabel = "EDGE", description = "The Edge server.")
    String edge;

    @Option(names = "--site", required = true, paramLabel = "SITE", description = "The site whose hubs it exchanges mail with.")
    String site;

    @Override
    void run(DirectorySession session) {
      List<SendConnector> made = session.directory().newEdgeSubscription(edge, site);
      done("Created", ObjectKind.EDGE_SUBSCRIPTION, edge);
      made.forEach(c -> out().println("  with Send connector '" + c.name() + "'"));
    }
  }

  @Command(name = "get-edgesubscription", description = "Show one Edge subscription, or list them all.",
      footerHeading = "%nExample:%n", footer = {"  sluice get-edgesubscription"})
  static final class Get extends GetVerb<EdgeSubscription> {
    @Option(names = {"--identity", "--edge-server"}, paramLabel = "EDGE", description = "The Edge server (default: all).")
    String edge;

    @Override
    ObjectKind<EdgeSubscription> kind() {
      return ObjectKind.EDGE_SUBSCRIPTION;
    }

    @Override
    String identity() {
      return edge;
    }

    @Override
    List<String> columns() {
      return List.of("edgeServer", "site");
    }
  }

  @Command(name = "remove-edgesubscription",
      description = "Remove an Edge subscription, and the Edge from its EdgeSync connectors.",
      footerHeading = "%nExample:%n", footer = {"  sluice remove-edgesubscription --identity EDGE1"})
  static final class Remove extends RemoveVerb {
    @Option(names = {"--identity", "--edge-server"}, required = true, paramLabel = "EDGE", description = "The Edge server.")
    String edge;

    @Override
    ObjectKind<?> kind() {
      return ObjectKind.EDGE_SUBSCRIPTION;
    }

    @Override
    String identity() {
      return edge;
    }
  }
}
