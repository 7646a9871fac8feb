package dev.sluice.node.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The entry point of {@code sluice.jar}: the admin CLI whose verbs are Exchange's cmdlets in lower case
 * and whose options are their parameters in kebab case.
 *
 * <p>Run with no verb it prints the version and the usage. Every verb takes {@code --help} (with an
 * example) and {@code --verbose}; failures become exit codes through {@link ErrorHandler}: 0 ok, 1 refused,
 * 2 usage error, 3 ZooKeeper unreachable, 4 access denied. Single-threaded: one command line per call.
 */
@Command(
    name = "sluice",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = SluiceCommand.Version.class,
    description = "Sluice: a clustered SMTP transport whose nodes share one directory in Apache ZooKeeper.",
    subcommands = {
      SendConnectorCommands.New.class, SendConnectorCommands.Set.class, SendConnectorCommands.Get.class,
      SendConnectorCommands.Remove.class,
      PermissionCommands.Add.class, PermissionCommands.Remove.class,
      ForeignConnectorCommands.New.class, ForeignConnectorCommands.Get.class, ForeignConnectorCommands.Remove.class,
      ReceiveConnectorCommands.New.class, ReceiveConnectorCommands.Set.class, ReceiveConnectorCommands.Get.class,
      ReceiveConnectorCommands.Remove.class,
      SiteCommands.New.class, SiteCommands.Set.class, SiteCommands.Get.class, SiteCommands.Remove.class,
      SiteLinkCommands.New.class, SiteLinkCommands.Set.class, SiteLinkCommands.Get.class, SiteLinkCommands.Remove.class,
      TransportServerCommands.New.class, TransportServerCommands.Get.class, TransportServerCommands.Remove.class,
      AcceptedDomainCommands.New.class, AcceptedDomainCommands.Get.class, AcceptedDomainCommands.Remove.class,
      EdgeSubscriptionCommands.New.class, EdgeSubscriptionCommands.Get.class, EdgeSubscriptionCommands.Remove.class,
      SmtpUserCommands.New.class, SmtpUserCommands.Get.class, SmtpUserCommands.Remove.class,
      QueueCommands.GetQueue.class, QueueCommands.GetMessage.class, QueueCommands.RetryQueue.class,
      QueueCommands.SuspendQueue.class, QueueCommands.ResumeQueue.class,
      TestRouteCommand.class,
      ZooKeeperCommand.class,
      NodeCommand.class,
      SluiceCommand.VersionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SluiceCommand implements Runnable {

  private static final String END_OF_OPTIONS = "--end-of-options";

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print the stack trace of a failure.")
  boolean verbose;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured picocli command line, also what the tests drive. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new SluiceCommand());
    Converters.register(cli);
    ErrorHandler errors = new ErrorHandler();
    cli.setExecutionExceptionHandler(errors);
    cli.setParameterExceptionHandler(errors);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // Exchange's "--" (the organization's domains, the subscribed site's hubs) is a value here; no verb has
    // positional parameters, so nothing needs "--" as the end of the options.
    cli.setEndOfOptionsDelimiter(END_OF_OPTIONS);
    return cli;
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
    return dev.sluice.node.lifecycle.SluiceVersion.get();
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
