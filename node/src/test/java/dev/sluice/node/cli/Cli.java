package dev.sluice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.TestingServer;
import picocli.CommandLine;

/**
 * Runs the CLI in-process against one ZooKeeper server and one directory root, capturing stdout and stderr.
 * Each test makes its own with a fresh root, so tests of a class can share the server.
 */
final class Cli {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static int roots;

  /** What one run printed and returned. */
  record Run(int exitCode, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (Exception e) {
        throw new AssertionError("stdout is not JSON: " + out, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private final String connect;
  private final String root;

  Cli(TestingServer server) {
    this.connect = server.getConnectString();
    this.root = "/sluice/cli" + (++roots);
  }

  String root() {
    return root;
  }

  /** Runs {@code verb} with {@code args} against this directory. */
  Run run(String verb, String... args) {
    List<String> all = new ArrayList<>(List.of(verb, "--zookeeper", connect, "--root", root));
    all.addAll(List.of(args));
    return raw(all.toArray(String[]::new));
  }

  /** Runs {@code verb} and fails unless it exits 0. */
  Run ok(String verb, String... args) {
    Run run = run(verb, args);
    if (run.exitCode() != 0) {
      throw new AssertionError(verb + " failed: " + run);
    }
    return run;
  }

  /** Runs the command line as given. */
  static Run raw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = SluiceCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Two sites joined by a link, a hub in each. */
  Cli twoSites() {
    ok("new-site", "--name", "Site-A");
    ok("new-site", "--name", "Site-B");
    ok("new-sitelink", "--name", "A-B", "--sites", "Site-A,Site-B", "--cost", "10");
    ok("new-transportserver", "--name", "HUB1", "--role", "hub", "--site", "Site-A");
    ok("new-transportserver", "--name", "HUB2", "--role", "hub", "--site", "Site-B");
    return this;
  }
}
