package dev.sluice.directory;

import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.SendConnector;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The organization's directory as the CLI and nodes write it: create, read, list, update and remove each
 * kind of object, and the changes that touch several objects at once.
 *
 * <p>Implementations are thread-safe. Every write is validated with routing's rules on the organization
 * as it would be after the write and is one all-or-nothing transaction; updates compare-and-set on the
 * version read. Refusals are {@link DirectoryException}s (or routing's {@code ValidationException})
 * that say what to fix; nothing is written when one is thrown.
 */
public interface Directory {
  /** Stores a new object; {@link DirectoryException.AlreadyExists} when its identity is taken. */
  <T> Versioned<T> create(ObjectKind<T> kind, T object);

  /** The object of {@code kind} with identity {@code id} (case-insensitive). */
  <T> Optional<Versioned<T>> get(ObjectKind<T> kind, String id);

  /** Every valid object of {@code kind}. */
  <T> List<Versioned<T>> list(ObjectKind<T> kind);

  /**
   * Replaces the object of the same identity, if its znode still has {@code expectedVersion}; otherwise
   * {@link DirectoryException.Conflict}.
   */
  <T> Versioned<T> update(ObjectKind<T> kind, T object, int expectedVersion);

  /** Reads the object {@code id}, applies {@code change} and writes it back if nobody wrote in between. */
  default <T> Versioned<T> update(ObjectKind<T> kind, String id, UnaryOperator<T> change) {
    Versioned<T> current = get(kind, id).orElseThrow(() -> notFound(kind, id));
    T changed = change.apply(current.value());
    if (!kind.identity(changed).equalsIgnoreCase(kind.identity(current.value()))) {
      throw new IllegalArgumentException("the identity of " + kind.label() + " '" + id + "' cannot change: remove it"
          + " and create it under the new name");
    }
    return update(kind, changed, current.version());
  }

  /**
   * Removes the object {@code id}, with what belongs to it (a server's Receive connectors, a site's links
   * that would join fewer than two sites), refusing with {@link DirectoryException.InUse} while other
   * objects still name it.
   */
  void remove(ObjectKind<?> kind, String id);

  /**
   * Subscribes Edge server {@code edge} to {@code site} and stores its EdgeSync connectors, in one
   * transaction; a second Edge of the site joins the existing connectors as a source server.
   *
   * @return the two connectors as stored: to Internet, then inbound
   */
  List<SendConnector> newEdgeSubscription(String edge, String site);

  /** Removes the subscription of {@code edge}, and the Edge from its EdgeSync connectors (them too when it was the last). */
  void removeEdgeSubscription(String edge);

  /** The whole configuration as it is now (invalid objects left out). */
  OrganizationConfig readConfig();

  /** The live members, from their ephemeral znodes. */
  List<Member> members();

  static DirectoryException.NotFound notFound(ObjectKind<?> kind, String id) {
    return new DirectoryException.NotFound("no " + kind.label() + " '" + id + "' exists");
  }
}
