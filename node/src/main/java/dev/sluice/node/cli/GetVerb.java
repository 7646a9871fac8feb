package dev.sluice.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.directory.Directory;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.Versioned;
import dev.sluice.directory.codec.DirectoryCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Mixin;

/**
 * A get verb: without an identity it lists every object of its kind (sorted by identity), with one it
 * shows that object or refuses with "no ... exists". Every object also shows its znode {@code version},
 * which {@code --if-version} of the set verbs takes.
 *
 * @param <T> the object type
 */
abstract class GetVerb<T> extends DirectoryVerb {
  @Mixin FormatOption format;

  abstract ObjectKind<T> kind();

  /** The identity asked for, or null for all. */
  abstract String identity();

  /** The JSON fields a listing shows as columns. */
  abstract List<String> columns();

  /** What is shown of {@code value}: its document, unless the kind holds what must not be printed. */
  ObjectNode view(T value, DirectorySession session) {
    return DirectoryCodec.tree(kind().codec(), value);
  }

  /** The objects to show when no identity is given. */
  List<Versioned<T>> all(DirectorySession session) {
    return session.directory().list(kind());
  }

  /** The object of {@code id}, if there is one. */
  java.util.Optional<Versioned<T>> one(DirectorySession session, String id) {
    return session.directory().get(kind(), id);
  }

  @Override
  final void run(DirectorySession session) {
    String id = identity();
    List<Versioned<T>> shown = new ArrayList<>();
    if (id == null) {
      shown.addAll(all(session));
      shown.sort(Comparator.comparing(v -> kind().identity(v.value()), String.CASE_INSENSITIVE_ORDER));
    } else {
      shown.add(one(session, id).orElseThrow(() -> Directory.notFound(kind(), id)));
    }
    List<ObjectNode> views = new ArrayList<>();
    for (Versioned<T> v : shown) {
      ObjectNode view = view(v.value(), session);
      view.put("version", v.version());
      views.add(view);
    }
    Output.objects(out(), format, views, id != null, columns());
  }
}
