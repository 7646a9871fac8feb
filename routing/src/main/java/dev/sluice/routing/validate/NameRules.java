package dev.sluice.routing.validate;

import dev.sluice.routing.model.Connector;
import dev.sluice.routing.model.SendConnector;
import java.util.stream.Stream;

/**
 * The rule on a connector's name: unique among the organization's Send and Foreign connectors.
 *
 * <p>Stateless and thread-safe; never throws.
 */
final class NameRules {
  private NameRules() {}

  // Connectors are addressed by name (set-sendconnector NAME, the directory's znode, test-route's
  // answer), case-insensitively as Exchange does; Send and Foreign connectors share one container.
  static Stream<ValidationProblem> nameIsUnique(ConnectorFacts f) {
    return f.namesakes().stream()
        .map(
            other ->
                f.problem(
                    "Name",
                    "the organization has another connector named '" + other.name() + "' (" + kind(other)
                        + "); connector names are unique, case-insensitively: choose another Name"));
  }

  private static String kind(Connector c) {
    return c instanceof SendConnector ? "a Send connector" : "a Foreign connector";
  }
}
