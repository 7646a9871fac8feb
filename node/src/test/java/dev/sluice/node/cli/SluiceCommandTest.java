package dev.sluice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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
  void anUnknownVerbFailsWithAMessageNamingIt() {
    Run run = run("new-frobnicator");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("new-frobnicator");
  }
}
