package dev.sluice.node.cli;

import dev.sluice.directory.Directory;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.Versioned;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * {@code --if-version N} of the set verbs: change the object only if it is still at the version an
 * earlier get showed, so that an operator's read-think-write never overwrites a change made in between.
 * Without it a set is still one compare-and-set of its own read. A picocli mixin.
 */
final class IfVersionOption {
  @Option(names = "--if-version", paramLabel = "N",
      description = "Change it only if it is still at version N, the version get showed.")
  Integer version;

  /** Applies {@code change} to the object {@code id} of {@code kind} and writes it back, compare-and-set. */
  <T> Versioned<T> change(Directory directory, ObjectKind<T> kind, String id, UnaryOperator<T> change) {
    if (version == null) {
      return directory.update(kind, id, change);
    }
    Versioned<T> current = directory.get(kind, id).orElseThrow(() -> Directory.notFound(kind, id));
    return directory.update(kind, change.apply(current.value()), version);
  }
}
