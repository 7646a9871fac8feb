package dev.sluice.directory;

import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.TransportServer;
import java.util.Locale;

/**
 * What a node does about its own server object when it starts: the stored object wins over the node's
 * configuration, and a role or site that differs refuses the start naming both values; a server not yet
 * stored is created (with its site and default Receive connector) only where the directory is open.
 *
 * <p>Stateless; thread-safe as the directory is. Idempotent: a start that failed half way is finished
 * by the next one.
 */
public final class ServerBootstrap {
  private ServerBootstrap() {}

  /**
   * The stored server object of {@code configured}.
   *
   * @param directory the directory
   * @param configured the server as the node's configuration describes it
   * @param binding where its default Receive connector listens, if it has to be made
   * @param mayCreate whether this node may create objects (no ACLs: the open development mode)
   * @throws DirectoryException.Mismatch when the stored role or site differs from the configuration
   * @throws DirectoryException.NotFound when the server is not stored and this node may not create it
   */
  public static TransportServer ensure(
      Directory directory, TransportServer configured, ReceiveConnector.Binding binding, boolean mayCreate) {
    var stored = directory.get(ObjectKind.SERVER, configured.name());
    if (stored.isPresent()) {
      TransportServer s = stored.get().value();
      if (s.role() != configured.role()) {
        throw new DirectoryException.Mismatch("server " + s.name() + " is stored as " + article(s) + role(s) + " but this node"
            + " is configured as " + article(configured) + role(configured) + ": set server.role to " + role(s)
            + ", or remove-transportserver and create it again");
      }
      if (!s.site().equalsIgnoreCase(configured.site())) {
        throw new DirectoryException.Mismatch("server " + s.name() + " is stored in site '" + s.site()
            + "' but this node is configured in site '" + configured.site() + "': set server.site to '" + s.site() + "'");
      }
      return s;
    }
    if (!mayCreate) {
      throw new DirectoryException.NotFound("server " + configured.name() + " is not in the directory, and with ACLs"
          + " on only the admin creates it: run new-transportserver --name " + configured.name() + " --role "
          + role(configured) + " --site '" + configured.site() + "' --fqdn " + configured.fqdn());
    }
    if (directory.get(ObjectKind.SITE, configured.site()).isEmpty()) {
      createIfAbsent(directory, ObjectKind.SITE, Site.of(configured.site()));
    }
    createIfAbsent(directory, ObjectKind.SERVER, configured);
    if (directory.list(ObjectKind.RECEIVE_CONNECTOR).stream()
        .noneMatch(r -> r.value().server().equalsIgnoreCase(configured.name()))) {
      createIfAbsent(directory, ObjectKind.RECEIVE_CONNECTOR, DefaultReceiveConnector.of(configured, binding));
    }
    return directory.get(ObjectKind.SERVER, configured.name()).orElseThrow().value();
  }

  /** Creates {@code object}; another node creating it at the same moment is as good. */
  private static <T> void createIfAbsent(Directory directory, ObjectKind<T> kind, T object) {
    try {
      directory.create(kind, object);
    } catch (DirectoryException.AlreadyExists raced) {
      // Made by another start meanwhile: the same object, or the stored one wins anyway.
    }
  }

  private static String article(TransportServer s) {
    return s.isEdge() ? "an " : "a ";
  }

  private static String role(TransportServer s) {
    return s.role().name().toLowerCase(Locale.ROOT);
  }
}
