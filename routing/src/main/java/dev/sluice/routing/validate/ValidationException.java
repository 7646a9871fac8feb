package dev.sluice.routing.validate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a write would leave a connector or the organization breaking a rule; it lists every
 * broken rule, not just the first, so that one correction fixes them all.
 *
 * <p>Immutable. The message holds one line per problem, each naming the object, the property and what
 * to change (see {@link ValidationProblem#toString}).
 */
public final class ValidationException extends IllegalArgumentException {
  private final List<ValidationProblem> problems;

  /** Refuses an empty list: an exception without a problem would tell the operator nothing. */
  public ValidationException(List<ValidationProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  public List<ValidationProblem> problems() {
    return problems;
  }

  private static String describe(List<ValidationProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ValidationException needs at least one problem");
    }
    return problems.stream().map(ValidationProblem::toString).collect(Collectors.joining("\n"));
  }
}
