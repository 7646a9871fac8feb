package dev.sluice.node.cli;

import dev.sluice.directory.ObjectKind;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A verb that works on the directory: it connects with the {@link ZooKeeperOptions}, runs, and closes
 * the connection. Failures are the {@link ErrorHandler}'s to report.
 */
abstract class DirectoryVerb implements Callable<Integer> {
  @Mixin ZooKeeperOptions zookeeper;
  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    try (DirectorySession session = zookeeper.open()) {
      run(session);
    }
    out().flush();
    return ExitCodes.OK;
  }

  /** Does the verb's work. */
  abstract void run(DirectorySession session);

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Tells the operator what was written: "Created site 'Site-A'." */
  void done(String verb, ObjectKind<?> kind, String id) {
    out().println(verb + " " + kind.label() + " '" + id + "'.");
  }
}
