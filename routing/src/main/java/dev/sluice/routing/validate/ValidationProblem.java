package dev.sluice.routing.validate;

import dev.sluice.routing.model.Names;

/**
 * One broken rule: which object, which of its properties, and what to change.
 *
 * @param object the object in words, such as {@code Send connector 'Internet'}
 * @param property the property to change, spelled as Exchange's parameter ({@code SmartHosts})
 * @param message what is wrong and what to change, in one line
 */
public record ValidationProblem(String object, String property, String message) {
  public ValidationProblem {
    object = Names.requireName(object, "object of a validation problem");
    property = Names.requireName(property, "property of a validation problem");
    message = Names.requireName(message, "message of a validation problem");
  }

  /** The one-line form an operator reads: {@code Send connector 'X', SmartHosts: what to change}. */
  @Override
  public String toString() {
    return object + ", " + property + ": " + message;
  }
}
