package dev.sluice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.directory.zookeeper.ZooKeeperDirectory;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import org.apache.curator.framework.CuratorFramework;
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
  private final ZooKeeperDirectory seeder;

  /** A fresh root on {@code server}; {@code client} (the test's, connected) seeds it without the CLI's connects. */
  Cli(TestingServer server, CuratorFramework client) {
    this.connect = server.getConnectString();
    this.root = "/sluice/cli" + (++roots);
    this.seeder = new ZooKeeperDirectory(client, DirectoryLayout.at(root));
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

  /** Two sites joined by a link of cost 10, a hub in each, written directly (the CLI's verbs have their own tests). */
  Cli twoSites() {
    seeder.create(ObjectKind.SITE, Site.of("Site-A"));
    seeder.create(ObjectKind.SITE, Site.of("Site-B"));
    seeder.create(ObjectKind.SITE_LINK, SiteLink.of("A-B", 10, "Site-A", "Site-B"));
    seeder.create(ObjectKind.SERVER, new TransportServer("HUB1", ServerRole.HUB, "Site-A", "hub1"));
    seeder.create(ObjectKind.SERVER, new TransportServer("HUB2", ServerRole.HUB, "Site-B", "hub2"));
    return this;
  }

  /** The same, through the CLI's verbs. */
  Cli twoSitesByCli() {
    ok("new-site", "--name", "Site-A");
    ok("new-site", "--name", "Site-B");
    ok("new-sitelink", "--name", "A-B", "--sites", "Site-A,Site-B", "--cost", "10");
    ok("new-transportserver", "--name", "HUB1", "--role", "hub", "--site", "Site-A");
    ok("new-transportserver", "--name", "HUB2", "--role", "hub", "--site", "Site-B");
    return this;
  }
}
