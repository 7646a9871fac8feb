package dev.sluice.node.cli;

import dev.sluice.directory.DirectoryException;
import dev.sluice.directory.codec.CodecException;
import dev.sluice.directory.secrets.SecretException;
import dev.sluice.routing.validate.ValidationException;
import dev.sluice.routing.validate.ValidationProblem;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure of a verb into its exit code and a line on stderr that says what to fix: the one
 * place where exceptions meet the operator.
 *
 * <p>Stateless. A validation refusal prints one line per problem; anything else prints one line, and the
 * stack trace follows only when {@code --verbose} was given.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parsed) {
    PrintWriter err = cli.getErr();
    int code = exitCode(ex);
    if (ex instanceof ValidationException v) {
      for (ValidationProblem problem : v.problems()) {
        err.println(problem);
      }
    } else {
      err.println(message(ex));
    }
    if (verbose(parsed)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cli = ex.getCommandLine();
    PrintWriter err = cli.getErr();
    String suggestion = "";
    if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
      suggestion = " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
    }
    err.println(ex.getMessage() + suggestion + "; see '" + cli.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return ExitCodes.USAGE;
  }

  static int exitCode(Exception ex) {
    if (ex instanceof CliException c) {
      return c.exitCode();
    }
    if (ex instanceof DirectoryException.Unavailable) {
      return ExitCodes.UNREACHABLE;
    }
    if (ex instanceof DirectoryException.AccessDenied) {
      return ExitCodes.ACCESS_DENIED;
    }
    return ExitCodes.REFUSED;
  }

  private static String message(Exception ex) {
    if (ex instanceof DirectoryException || ex instanceof CliException || ex instanceof SecretException
        || ex instanceof CodecException || ex instanceof IllegalArgumentException) {
      return ex.getMessage();
    }
    return "unexpected " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
        + " (run again with --verbose for the stack trace)";
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
