package dev.sluice.routing.validate;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.model.ForeignConnector;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rules on a connector's address spaces (AddressSpaces), and the address space types a Send
 * connector can carry.
 *
 * <p>Stateless and thread-safe; each rule returns its problems and never throws.
 */
final class AddressSpaceRules {
  private static final String PROPERTY = "AddressSpaces";

  private AddressSpaceRules() {}

  static Stream<ValidationProblem> check(ConnectorFacts f) {
    Stream<ValidationProblem> common = Stream.concat(atLeastOne(f), noSpaceTwice(f));
    if (f.connector() instanceof ForeignConnector) {
      // Foreign connectors take any type and have no smart hosts: nothing more to check.
      return common;
    }
    return Stream.of(common, edgeConnectorTakesSmtpOnly(f), nonSmtpNeedsSmartHosts(f)).flatMap(s -> s);
  }

  // A connector without an address space is never selected; it would only confuse the operator.
  static Stream<ValidationProblem> atLeastOne(ConnectorFacts f) {
    return f.when(
        f.connector().addressSpaces().isEmpty(),
        PROPERTY,
        "give at least one address space in AddressSpaces, such as *.contoso.com");
  }

  // The same type and address twice leaves it unclear which cost holds; the cost and scope do not
  // make two entries different recipients.
  static Stream<ValidationProblem> noSpaceTwice(ConnectorFacts f) {
    Set<String> seen = new HashSet<>();
    return f.connector().addressSpaces().stream()
        .filter(space -> !seen.add(key(space)))
        .map(space -> f.problem(PROPERTY, "address space " + label(space) + " is listed twice: list it once in AddressSpaces"));
  }

  // The reference: "You can only specify SMTP address spaces on Send connectors that are configured on
  // Edge Transport servers."
  static Stream<ValidationProblem> edgeConnectorTakesSmtpOnly(ConnectorFacts f) {
    if (!f.isEdgeConnector()) {
      return Stream.empty();
    }
    return nonSmtp(f)
        .map(
            space ->
                f.problem(
                    PROPERTY,
                    "address space " + label(space) + " is not SMTP, and a connector whose source servers are"
                        + " Edge servers takes SMTP address spaces only: remove it from AddressSpaces or use Hub"
                        + " source servers"));
  }

  // The reference: "If you use a non-SMTP address space type, you must use a smart host to route e-mail":
  // there is no MX record for an X.400 address.
  static Stream<ValidationProblem> nonSmtpNeedsSmartHosts(ConnectorFacts f) {
    if (!f.send().smartHosts().isEmpty()) {
      return Stream.empty();
    }
    return nonSmtp(f)
        .map(
            space ->
                f.problem(
                    "SmartHosts",
                    "address space " + label(space) + " is not SMTP and can only be reached through a smart host:"
                        + " give SmartHosts (with DNSRoutingEnabled false), or use a Foreign connector"));
  }

  private static Stream<AddressSpace> nonSmtp(ConnectorFacts f) {
    return f.connector().addressSpaces().stream().filter(space -> !space.isSmtp());
  }

  private static String key(AddressSpace space) {
    return space.type() + ":" + space.address().toLowerCase(Locale.ROOT);
  }

  private static String label(AddressSpace space) {
    return "'" + space.type() + ":" + space.address() + "'";
  }
}
