package dev.sluice.node.cli;

import dev.sluice.directory.Directory;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.Versioned;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.UsageType;
import dev.sluice.routing.validate.UsageDefaults;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * new-, set-, get- and remove-sendconnector: Exchange's Send connector cmdlets. A smart host credential is
 * sealed into {@code /secrets} and the connector names only its id; get never opens it.
 */
final class SendConnectorCommands {
  private SendConnectorCommands() {}

  @Command(name = "new-sendconnector", description = "Create a Send connector, with its usage type's defaults.",
      footerHeading = "%nExample:%n",
      footer = {"  sluice new-sendconnector --name Internet --usage Internet --address-spaces '*' \\",
          "      --source-transport-servers HUB1,HUB2"})
  static final class New extends DirectoryVerb {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The connector's name.")
    String name;

    @Option(names = "--usage", paramLabel = "TYPE",
        description = "Custom (default), Internal, Internet or Partner: sets the default permissions and"
            + " authentication; chosen at creation only.")
    UsageType usage;

    @Mixin SendConnectorOptions properties;
    @Mixin SmartHostSecrets credential;

    @Override
    void run(DirectorySession session) {
      Optional<SmartHostSecrets.Sealer> sealer = credential.given() ? Optional.of(credential.sealer()) : Optional.empty();
      SendConnector.Builder builder = properties.applyTo(SendConnector.builder(name));
      sealer.ifPresent(s -> builder.authenticationCredential(SmartHostSecrets.secretId(name)));
      SendConnector connector = UsageDefaults.newConnector(
          builder, Optional.ofNullable(usage), Optional.ofNullable(properties.smartHostAuthMechanism));
      Directory directory = session.directory();
      directory.create(ObjectKind.SEND_CONNECTOR, connector);
      if (sealer.isPresent()) {
        try {
          session.secrets().put(sealer.get().seal(name));
        } catch (RuntimeException e) {
          // A connector whose credential is missing would fail every AUTH: take it back.
          directory.remove(ObjectKind.SEND_CONNECTOR, name);
          throw e;
        }
      }
      done("Created", ObjectKind.SEND_CONNECTOR, connector.name());
    }
  }

  @Command(name = "set-sendconnector", description = "Change the given properties of a Send connector.",
      footerHeading = "%nExample:%n",
      footer = {"  sluice set-sendconnector --name Internet --smart-hosts relay.example.com:587 \\",
          "      --dns-routing-enabled false --smart-host-auth-mechanism BasicAuthRequireTLS \\",
          "      --auth-username relay-user --auth-password-file ./relay.password"})
  static final class Set extends DirectoryVerb {
    @Option(names = {"--name", "--identity"}, required = true, paramLabel = "NAME", description = "The connector.")
    String name;

    @Option(names = "--usage", hidden = true)
    String usage;

    @Mixin SendConnectorOptions properties;
    @Mixin SmartHostSecrets credential;
    @Mixin IfVersionOption ifVersion;

    @Override
    void run(DirectorySession session) {
      if (usage != null) {
        throw CliException.refused("UsageType is chosen at creation: to change it, remove the connector and create"
            + " it again with new-sendconnector --usage " + usage);
      }
      Optional<SmartHostSecrets.Sealer> sealer = credential.given() ? Optional.of(credential.sealer()) : Optional.empty();
      Versioned<SendConnector> changed = ifVersion.change(session.directory(), ObjectKind.SEND_CONNECTOR, name, c -> {
        SendConnector.Builder b = properties.applyTo(c.toBuilder());
        sealer.ifPresent(s -> b.authenticationCredential(SmartHostSecrets.secretId(c.name())));
        return b.build();
      });
      if (sealer.isPresent()) {
        session.secrets().put(sealer.get().seal(changed.value().name()));
      }
      done("Changed", ObjectKind.SEND_CONNECTOR, changed.value().name());
    }
  }

  @Command(name = "get-sendconnector", description = "Show one Send connector, or list them all.",
      footerHeading = "%nExample:%n", footer = {"  sluice get-sendconnector --name Internet --format json"})
  static final class Get extends GetVerb<SendConnector> {
    @Option(names = {"--name", "--identity"}, paramLabel = "NAME", description = "The connector (default: all).")
    String name;

    @Override
    ObjectKind<SendConnector> kind() {
      return ObjectKind.SEND_CONNECTOR;
    }

    @Override
    String identity() {
      return name;
    }

    @Override
    List<String> columns() {
      return List.of("name", "usageType", "addressSpaces", "sourceTransportServers", "smartHosts", "enabled");
    }
  }

  @Command(name = "remove-sendconnector", description = "Remove a Send connector and its smart host credential.",
      footerHeading = "%nExample:%n", footer = {"  sluice remove-sendconnector --name Internet"})
  static final class Remove extends DirectoryVerb {
    @Option(names = {"--name", "--identity"}, required = true, paramLabel = "NAME", description = "The connector.")
    String name;

    @Override
    void run(DirectorySession session) {
      Optional<String> credential = session.directory().get(ObjectKind.SEND_CONNECTOR, name)
          .flatMap(v -> v.value().authenticationCredential());
      session.directory().remove(ObjectKind.SEND_CONNECTOR, name);
      credential.ifPresent(session.secrets()::remove);
      done("Removed", ObjectKind.SEND_CONNECTOR, name);
    }
  }
}
