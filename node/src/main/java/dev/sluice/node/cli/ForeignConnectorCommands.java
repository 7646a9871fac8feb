package dev.sluice.node.cli;

import dev.sluice.directory.ObjectKind;
import dev.sluice.routing.model.ForeignConnector;
import dev.sluice.routing.model.MaxMessageSize;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** new-, get- and remove-foreignconnector: Hub connectors that deliver by dropping files into a directory. */
final class ForeignConnectorCommands {
  private ForeignConnectorCommands() {}

  @Command(name = "new-foreignconnector", description = "Create a Foreign connector (delivery to a drop directory).",
      footerHeading = "%nExample:%n",
      footer = {"  sluice new-foreignconnector --name Fax --address-spaces 'FAX:*;1' \\",
          "      --source-transport-servers HUB1 --drop-directory /var/spool/fax"})
  static final class New extends DirectoryVerb {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The connector's name.")
    String name;

    @Option(names = "--address-spaces", required = true, paramLabel = "SPACES",
        description = "Comma-separated address spaces, of any type.")
    AddressSpaceList addressSpaces;

    @Option(names = "--source-transport-servers", required = true, split = ",", paramLabel = "SERVERS",
        description = "Comma-separated hubs that write to the drop directory.")
    List<String> sourceTransportServers;

    @Option(names = "--drop-directory", required = true, paramLabel = "PATH",
        description = "Where messages are written, as the source servers see it.")
    String dropDirectory;

    @Option(names = "--enabled", arity = "0..1", fallbackValue = "true", defaultValue = "true",
        paramLabel = "true|false", description = "A disabled connector never matches (default: true).")
    boolean enabled;

    @Option(names = "--max-message-size", defaultValue = "unlimited", paramLabel = "SIZE",
        description = "Larger messages do not use it: 10MB, 512KB, bytes or unlimited (default: ${DEFAULT-VALUE}).")
    MaxMessageSize maxMessageSize;

    @Option(names = "--is-scoped-connector", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
        description = "Usable only from the source servers' site (default: false).")
    boolean scoped;

    @Option(names = "--comment", defaultValue = "", paramLabel = "TEXT", description = "Free text for administrators.")
    String comment;

    @Override
    void run(DirectorySession session) {
      session.directory().create(ObjectKind.FOREIGN_CONNECTOR, new ForeignConnector(name, addressSpaces.spaces(),
          sourceTransportServers, dropDirectory, enabled, maxMessageSize, scoped, comment));
      done("Created", ObjectKind.FOREIGN_CONNECTOR, name);
    }
  }

  @Command(name = "get-foreignconnector", description = "Show one Foreign connector, or list them all.",
      footerHeading = "%nExample:%n", footer = {"  sluice get-foreignconnector --name Fax"})
  static final class Get extends GetVerb<ForeignConnector> {
    @Option(names = {"--name", "--identity"}, paramLabel = "NAME", description = "The connector (default: all).")
    String name;

    @Override
    ObjectKind<ForeignConnector> kind() {
      return ObjectKind.FOREIGN_CONNECTOR;
    }

    @Override
    String identity() {
      return name;
    }

    @Override
    List<String> columns() {
      return List.of("name", "addressSpaces", "sourceTransportServers", "dropDirectory", "enabled");
    }
  }

  @Command(name = "remove-foreignconnector", description = "Remove a Foreign connector.",
      footerHeading = "%nExample:%n", footer = {"  sluice remove-foreignconnector --name Fax"})
  static final class Remove extends RemoveVerb {
    @Option(names = {"--name", "--identity"}, required = true, paramLabel = "NAME", description = "The connector.")
    String name;

    @Override
    ObjectKind<?> kind() {
      return ObjectKind.FOREIGN_CONNECTOR;
    }

    @Override
    String identity() {
      return name;
    }
  }
}
