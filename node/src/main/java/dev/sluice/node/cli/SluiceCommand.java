package dev.sluice.node.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point of {@code sluice.jar}: the admin CLI whose verbs are Exchange's cmdlets in lower case.
 *
 * <p>Until the node and the directory exist, it knows only {@code version} and {@code help}; run with no
 * verb it prints the version and the usage, which is what the README's run command shows for now.
 * Stateless and single-threaded.
 */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = SluiceCommand.Version.class,
    description = "Sluice: a clustered SMTP transport whose nodes share one directory in Apache ZooKeeper.",
    subcommands = {SluiceCommand.VersionCommand.class, CommandLine.HelpCommand.class})
public final class SluiceCommand implements Runnable {

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured picocli command line, also what the tests drive. */
  public static CommandLine commandLine() {
    return new CommandLine(new SluiceCommand());
  }

  @Override
  public void run() {
    CommandLine cli = spec.commandLine();
    cli.getOut().println("sluice " + version());
    cli.usage(cli.getOut());
    cli.getOut().flush();
  }

  /** The version Maven wrote into the jar's resources when it was built. */
  static String version() {
    try (InputStream in = SluiceCommand.class.getResourceAsStream("/sluice-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the version resource", e);
    }
  }

  /** Supplies {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"sluice " + SluiceCommand.version()};
    }
  }

  /** {@code sluice version}: prints the version. */
  @Command(name = "version", description = "Print the version of Sluice.")
  static final class VersionCommand implements Runnable {
    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().getOut().println("sluice " + SluiceCommand.version());
      spec.commandLine().getOut().flush();
    }
  }
}
