package dev.sluice.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.directory.DirectoryException;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.Versioned;
import dev.sluice.directory.codec.DirectoryCodec;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveConnector.PermissionGroup;
import dev.sluice.routing.model.ReceiveConnector.ReceiveAuthMechanism;
import dev.sluice.routing.model.ReceiveConnector.RemoteIpRange;
import dev.sluice.routing.model.ReceiveLimits;
import dev.sluice.routing.model.TransportServer;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * new-, set-, get- and remove-receiveconnector: the Receive connectors of each server, known by the
 * identity {@code SERVER\Name} as Exchange writes it.
 */
final class ReceiveConnectorCommands {
  private ReceiveConnectorCommands() {}

  private static final ObjectKind<ReceiveConnector> KIND = ObjectKind.RECEIVE_CONNECTOR;

  @Command(name = "new-receiveconnector", description = "Create a Receive connector on a server.",
      footerHeading = "%nExample:%n",
      footer = {"  sluice new-receiveconnector --server HUB1 --name 'Default HUB1' --bindings 0.0.0.0:25 \\",
          "      --permission-groups AnonymousUsers,ExchangeServers --auth-mechanism Tls,ExchangeServer"})
  static final class New extends DirectoryVerb {
    @Option(names = "--server", required = true, paramLabel = "SERVER", description = "The server it belongs to.")
    String server;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Its name, unique on the server.")
    String name;

    @Mixin ReceiveConnectorOptions properties;

    @Override
    void run(DirectorySession session) {
      if (properties.bindings == null) {
        throw CliException.usage("new-receiveconnector needs --bindings, such as --bindings 0.0.0.0:25");
      }
      TransportServer host = session.directory().get(ObjectKind.SERVER, server)
          .orElseThrow(() -> new DirectoryException.NotFound("no transport server '" + server
              + "' exists: create it with new-transportserver first"))
          .value();
      ReceiveConnector base = new ReceiveConnector(host.name(), name, properties.bindings, RemoteIpRange.ANY,
          EnumSet.of(ReceiveAuthMechanism.TLS), EnumSet.noneOf(PermissionGroup.class), Optional.empty(), true, ReceiveLimits.defaultsFor(host.role()));
      ReceiveConnector connector = properties.applyTo(base);
      session.directory().create(KIND, connector);
      done("Created", KIND, KIND.identity(connector));
    }
  }

  @Command(name = "set-receiveconnector", description = "Change the given properties of a Receive connector.",
      footerHeading = "%nExample:%n",
      footer = {"  sluice set-receiveconnector --identity 'HUB1\\Default HUB1' --max-message-size 20MB"})
  static final class Set extends DirectoryVerb {
    @Option(names = "--identity", required = true, paramLabel = "SERVER\\NAME", description = "The connector.")
    String identity;

    @Mixin ReceiveConnectorOptions properties;
    @Mixin IfVersionOption ifVersion;

    @Override
    void run(DirectorySession session) {
      Versioned<ReceiveConnector> changed = ifVersion.change(session.directory(), KIND, identity, properties::applyTo);
      done("Changed", KIND, KIND.identity(changed.value()));
    }
  }

  @Command(name = "get-receiveconnector", description = "Show one Receive connector, or list them (of one server).",
      footerHeading = "%nExample:%n", footer = {"  sluice get-receiveconnector --server HUB1"})
  static final class Get extends GetVerb<ReceiveConnector> {
    @Option(names = "--identity", paramLabel = "SERVER\\NAME", description = "The connector (default: all).")
    String identity;

    @Option(names = "--server", paramLabel = "SERVER", description = "List only the connectors of this server.")
    String server;

    @Override
    ObjectKind<ReceiveConnector> kind() {
      return KIND;
    }

    @Override
    String identity() {
      return identity;
    }

    @Override
    List<Versioned<ReceiveConnector>> all(DirectorySession session) {
      return super.all(session).stream()
          .filter(v -> server == null || v.value().server().equalsIgnoreCase(server))
          .toList();
    }

    @Override
    ObjectNode view(ReceiveConnector value, DirectorySession session) {
      ObjectNode view = DirectoryCodec.mapper().createObjectNode().put("identity", KIND.identity(value));
      view.setAll(DirectoryCodec.tree(KIND.codec(), value));
      return view;
    }

    @Override
    List<String> columns() {
      return List.of("identity", "bindings", "remoteIPRanges", "permissionGroups", "enabled");
    }
  }

  @Command(name = "remove-receiveconnector", description = "Remove a Receive connector.",
      footerHeading = "%nExample:%n", footer = {"  sluice remove-receiveconnector --identity 'HUB1\\Partners'"})
  static final class Remove extends RemoveVerb {
    @Option(names = "--identity", required = true, paramLabel = "SERVER\\NAME", description = "The connector.")
    String identity;

    @Override
    ObjectKind<?> kind() {
      return KIND;
    }

    @Override
    String identity() {
      return identity;
    }
  }
}
