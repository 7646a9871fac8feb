package dev.sluice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SluiceCommandTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = SluiceCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void noVerbPrintsTheBuiltVersionAndTheUsage() {
    Run run = run();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("sluice 0.").contains("Usage: sluice").contains("version");
  }

  @Test
  void versionVerbPrintsTheVersionMavenFiltered() {
    Run run = run("version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip()).matches("sluice \\d+\\.\\d+\\.\\d+.*").doesNotContain("${");
  }

  @Test
  void everyVerbHasHelpWithAnExample() {
    List<String> verbs = SluiceCommand.commandLine().getSubcommands().keySet().stream()
        .filter(v -> !v.equals("help") && !v.equals("version"))
        .toList();
    assertThat(verbs).contains("new-sendconnector", "set-sendconnector", "get-sendconnector", "remove-sendconnector",
        "add-adpermission", "remove-adpermission", "new-site", "set-site", "get-site", "remove-site", "new-sitelink",
        "set-sitelink", "get-sitelink", "remove-sitelink", "new-smtpuser", "get-smtpuser", "remove-smtpuser",
        "new-accepteddomain", "get-accepteddomain", "remove-accepteddomain", "new-transportserver",
        "get-transportserver", "remove-transportserver", "new-receiveconnector", "set-receiveconnector",
        "get-receiveconnector", "remove-receiveconnector", "new-edgesubscription", "remove-edgesubscription",
        "new-foreignconnector", "get-foreignconnector", "remove-foreignconnector", "test-route", "zookeeper", "node");
    CommandLine cli = SluiceCommand.commandLine();
    for (String verb : verbs) {
      StringWriter out = new StringWriter();
      cli.setOut(new PrintWriter(out));
      assertThat(cli.execute(verb, "--help")).as(verb).isZero();
      assertThat(out.toString()).as(verb).contains("Usage: sluice " + verb).contains("Example:")
          .contains("\n  sluice " + verb);
    }
  }

  @Test
  void everyDirectoryVerbTakesTheZooKeeperOptionsAndEveryGetAFormat() {
    for (var entry : SluiceCommand.commandLine().getSubcommands().entrySet()) {
      Object command = entry.getValue().getCommand();
      if (command instanceof DirectoryVerb) {
        assertThat(entry.getValue().getCommandSpec().optionsMap())
            .as(entry.getKey())
            .containsKeys("--zookeeper", "--root", "--organization", "--credentials-file", "--connect-timeout",
                "--verbose");
      }
      if (entry.getKey().startsWith("get-") || entry.getKey().equals("test-route")) {
        assertThat(entry.getValue().getCommandSpec().optionsMap()).as(entry.getKey()).containsKey("--format");
      }
    }
  }

  @Test
  void aMissingRequiredOptionIsOneLineNamingIt() {
    Run run = run("new-site");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).contains("--name").contains("sluice new-site --help");
  }

  @Test
  void anUnknownVerbFailsWithAMessageNamingIt() {
    Run run = run("new-frobnicator");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("new-frobnicator");
  }

  @org.junit.jupiter.api.Test
  void connectorsWhoseNamesDifferOnlyInPunctuationGetTheirOwnSecrets() {
    org.assertj.core.api.Assertions.assertThat(SmartHostSecrets.secretId("Relay Out"))
        .isNotEqualTo(SmartHostSecrets.secretId("Relay-Out"))
        .isEqualTo(SmartHostSecrets.secretId("RELAY OUT"));
  }
}
