package dev.sluice.node.lifecycle;

import dev.sluice.directory.Directory;
import dev.sluice.directory.DirectoryException;
import dev.sluice.directory.ObjectKind;
import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.AcceptedDomainType;
import dev.sluice.routing.model.ForeignConnector;
import java.nio.file.Path;
import java.util.List;

/**
 * What the embedded default puts in its fresh directory so that a newcomer's first message has
 * somewhere to go: the accepted domain {@value #DOMAIN} and a Foreign connector for it that drops each
 * message as a file into the drop directory.
 *
 * <p>Stateless; idempotent: what exists already is left as it is (the operator may have changed it).
 */
public final class EmbeddedSeed {
  /** The domain the console tells a newcomer to send to. */
  public static final String DOMAIN = "sluice.test";
  /** The Foreign connector that carries it. */
  public static final String CONNECTOR = "sluice.test drop";

  private EmbeddedSeed() {}

  /** Seeds {@code directory} for the hub {@code server}, dropping into {@code dropDirectory}. */
  public static void seed(Directory directory, String server, Path dropDirectory) {
    createIfAbsent(directory, ObjectKind.ACCEPTED_DOMAIN,
        new AcceptedDomain("Sluice test", DOMAIN, AcceptedDomainType.AUTHORITATIVE));
    createIfAbsent(directory, ObjectKind.FOREIGN_CONNECTOR, ForeignConnector.of(CONNECTOR,
        List.of(AddressSpace.parse("SMTP:" + DOMAIN + ";1")), List.of(server),
        dropDirectory.toAbsolutePath().normalize().toString()));
  }

  private static <T> void createIfAbsent(Directory directory, ObjectKind<T> kind, T object) {
    if (directory.get(kind, kind.identity(object)).isPresent()) {
      return;
    }
    try {
      directory.create(kind, object);
    } catch (DirectoryException.AlreadyExists raced) {
      // Seeded by another start meanwhile.
    }
  }
}
