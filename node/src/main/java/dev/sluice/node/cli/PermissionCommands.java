package dev.sluice.node.cli;

import dev.sluice.directory.ObjectKind;
import dev.sluice.routing.model.ExtendedRight;
import dev.sluice.routing.model.Principal;
import dev.sluice.routing.model.SendConnector;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * add-adpermission and remove-adpermission: grant or take extended rights on a Send connector from a
 * principal, as Exchange's Add-ADPermission and Remove-ADPermission do (the header firewall reads them).
 */
final class PermissionCommands {
  private PermissionCommands() {}

  /** The options both verbs take, and the change they make. */
  abstract static class PermissionVerb extends DirectoryVerb {
    @Option(names = "--identity", required = true, paramLabel = "CONNECTOR", description = "The Send connector.")
    String connector;

    @Option(names = "--user", required = true, paramLabel = "PRINCIPAL",
        description = "Anonymous, ExchangeServers, ExternallySecuredServers, PartnerServers or ExchangeLegacyInterop.")
    Principal user;

    @Option(names = "--extended-rights", required = true, paramLabel = "RIGHTS", split = ",",
        description = "Comma-separated: ms-Exch-Send-Exch50, Ms-Exch-Send-Headers-Routing,"
            + " Ms-Exch-Send-Headers-Organization, Ms-Exch-Send-Headers-Forest.")
    List<ExtendedRight> rights;

    void change(DirectorySession session, String verb,
        BiFunction<SendConnector, Set<ExtendedRight>, dev.sluice.routing.model.Permissions> how) {
      Set<ExtendedRight> set = EnumSet.copyOf(rights);
      session.directory().update(ObjectKind.SEND_CONNECTOR, connector,
          c -> c.toBuilder().permissions(how.apply(c, set)).build());
      out().println(verb + " " + set.stream().map(ExtendedRight::canonicalName).collect(Collectors.joining(", "))
          + (verb.equals("Granted") ? " to " : " from ") + user.canonicalName() + " on Send connector '" + connector + "'.");
    }
  }

  @Command(name = "add-adpermission", description = "Grant extended rights on a Send connector to a principal.",
      footerHeading = "%nExample:%n",
      footer = {"  sluice add-adpermission --identity Internet --user Anonymous \\",
          "      --extended-rights Ms-Exch-Send-Headers-Routing"})
  static final class Add extends PermissionVerb {
    @Override
    void run(DirectorySession session) {
      change(session, "Granted", (c, set) -> c.permissions().grant(user, set));
    }
  }

  @Command(name = "remove-adpermission", description = "Take extended rights on a Send connector from a principal.",
      footerHeading = "%nExample:%n",
      footer = {"  sluice remove-adpermission --identity Internet --user Anonymous \\",
          "      --extended-rights Ms-Exch-Send-Headers-Routing"})
  static final class Remove extends PermissionVerb {
    @Override
    void run(DirectorySession session) {
      change(session, "Revoked", (c, set) -> c.permissions().revoke(user, set));
    }
  }
}
