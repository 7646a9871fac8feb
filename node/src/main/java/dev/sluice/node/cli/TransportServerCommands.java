package dev.sluice.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.directory.Member;
import dev.sluice.directory.DefaultReceiveConnector;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.codec.DirectoryCodec;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.TransportServer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * new-, get- and remove-transportserver: the Hub and Edge servers as configured; get also shows whether
 * each is live, that is, whether its node holds its ephemeral member znode now.
 */
final class TransportServerCommands {
  private TransportServerCommands() {}

  @Command(name = "new-transportserver", description = "Add a Hub or Edge transport server to a site.",
      footerHeading = "%nExample:%n",
      footer = {"  sluice new-transportserver --name HUB1 --role hub --site Site-A --fqdn hub1.contoso.com"})
  static final class New extends DirectoryVerb {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The server's name.")
    String name;

    @Option(names = "--role", required = true, paramLabel = "hub|edge", description = "Hub or Edge.")
    ServerRole role;

    @Option(names = "--site", required = true, paramLabel = "SITE", description = "The site it belongs to.")
    String site;

    @Option(names = "--fqdn", paramLabel = "NAME",
        description = "The name it gives in EHLO and other nodes connect to (default: the name in lower case).")
    String fqdn;

    @Option(names = "--default-receive-binding", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:25",
        description = "Where the server's default Receive connector listens (default: ${DEFAULT-VALUE}).")
    String defaultReceiveBinding;

    @Override
    void run(DirectorySession session) {
      String host = fqdn == null ? name.strip().toLowerCase(Locale.ROOT) : fqdn;
      TransportServer server = new TransportServer(name, role, site, host);
      ReceiveConnector.Binding binding = ReceiveConnector.Binding.parse(defaultReceiveBinding);
      session.directory().create(ObjectKind.SERVER, server);
      // As Exchange setup does: a new server gets its default Receive connector (with ACLs on, only
      // the admin can make it; a node never does).
      ReceiveConnector receive = DefaultReceiveConnector.of(server, binding);
      session.directory().create(ObjectKind.RECEIVE_CONNECTOR, receive);
      done("Created", ObjectKind.SERVER, name);
      done("Created", ObjectKind.RECEIVE_CONNECTOR, ObjectKind.RECEIVE_CONNECTOR.identity(receive));
    }
  }

  @Command(name = "get-transportserver", description = "Show one transport server, or list them all, with liveness.",
      footerHeading = "%nExample:%n", footer = {"  sluice get-transportserver"})
  static final class Get extends GetVerb<TransportServer> {
    @Option(names = {"--name", "--identity"}, paramLabel = "NAME", description = "The server (default: all).")
    String name;

    private Set<String> live;

    @Override
    ObjectKind<TransportServer> kind() {
      return ObjectKind.SERVER;
    }

    @Override
    String identity() {
      return name;
    }

    @Override
    List<String> columns() {
      return List.of("name", "role", "site", "fqdn", "live");
    }

    @Override
    ObjectNode view(TransportServer value, DirectorySession session) {
      if (live == null) {
        live = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        session.directory().members().stream().map(Member::server).forEach(live::add);
      }
      return DirectoryCodec.tree(kind().codec(), value).put("live", live.contains(value.name()));
    }
  }

  @Command(name = "remove-transportserver", description = "Remove a transport server and its Receive connectors.",
      footerHeading = "%nExample:%n", footer = {"  sluice remove-transportserver --name HUB3"})
  static final class Remove extends RemoveVerb {
    @Option(names = {"--name", "--identity"}, required = true, paramLabel = "NAME", description = "The server.")
    String name;

    @Override
    ObjectKind<?> kind() {
      return ObjectKind.SERVER;
    }

    @Override
    String identity() {
      return name;
    }
  }
}
