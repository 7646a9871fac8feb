package dev.sluice.node.cli;

import dev.sluice.directory.ObjectKind;

/** A remove verb: removes the object of its kind and identity, which the directory may refuse while it is in use. */
abstract class RemoveVerb extends DirectoryVerb {
  abstract ObjectKind<?> kind();

  abstract String identity();

  @Override
  void run(DirectorySession session) {
    session.directory().remove(kind(), identity());
    done("Removed", kind(), identity());
  }
}
