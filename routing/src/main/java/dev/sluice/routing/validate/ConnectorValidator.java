package dev.sluice.routing.validate;

import dev.sluice.routing.model.Connector;
import dev.sluice.routing.model.ForeignConnector;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.SendConnector;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks a Send or Foreign connector against the rules between its properties and the organization
 * around it, and the whole organization against them; every write of the directory runs it.
 *
 * <p>Stateless and thread-safe. {@code validate*} return every problem found (empty when valid) and
 * never throw for a broken rule; {@code requireValid*} throw one {@link ValidationException} listing
 * them all.
 *
 * <p>The organization passed is the organization as it would be after the write. It may hold the
 * connector or not: one connector equal to it is taken as the connector itself (see
 * {@link ConnectorFacts}), so a connector is never found to clash with itself, and a connector written
 * twice is found to clash with its copy.
 */
public final class ConnectorValidator {
  private ConnectorValidator() {}

  /** The problems of Send connector {@code c} in {@code org}, in rule order. */
  public static List<ValidationProblem> validate(SendConnector c, OrganizationConfig org) {
    return send(new ConnectorFacts(c, org));
  }

  private static List<ValidationProblem> send(ConnectorFacts f) {
    return Stream.of(
            NameRules.nameIsUnique(f),
            SourceServerRules.check(f),
            AddressSpaceRules.check(f),
            SmartHostRules.check(f),
            TlsRules.check(f),
            LinkedReceiveConnectorRules.check(f))
        .flatMap(s -> s)
        .toList();
  }

  /** The problems of Foreign connector {@code c} in {@code org}, in rule order. */
  public static List<ValidationProblem> validate(ForeignConnector c, OrganizationConfig org) {
    return foreign(new ConnectorFacts(c, org));
  }

  private static List<ValidationProblem> foreign(ConnectorFacts f) {
    return Stream.of(NameRules.nameIsUnique(f), SourceServerRules.check(f), AddressSpaceRules.check(f))
        .flatMap(s -> s)
        .toList();
  }

  /**
   * The problems of each of {@code connectors} in {@code org}, by connector, with the organization's
   * lookups worked out once: how a large directory is checked.
   */
  public static java.util.Map<Connector, List<ValidationProblem>> validateEach(
      OrganizationConfig org, java.util.Collection<? extends Connector> connectors) {
    Checker checker = checkerFor(org);
    java.util.Map<Connector, List<ValidationProblem>> out = new java.util.LinkedHashMap<>();
    for (Connector c : connectors) {
      out.put(c, checker.check(c));
    }
    return out;
  }

  /** Checks connectors of one organization; immutable, so one checker may serve several threads. */
  public interface Checker {
    /** The problems of {@code c} in the checker's organization, in rule order. */
    List<ValidationProblem> check(Connector c);
  }

  /** A checker for {@code org}, its lookups worked out once. */
  public static Checker checkerFor(OrganizationConfig org) {
    OrganizationIndex index = new OrganizationIndex(org);
    return c -> {
      ConnectorFacts f = new ConnectorFacts(c, org, index);
      return c instanceof SendConnector ? send(f) : foreign(f);
    };
  }

  /** Every problem of {@code org}: each Send connector, each Foreign connector, then the topology. */
  public static List<ValidationProblem> validateOrganization(OrganizationConfig org) {
    return Stream.of(
            validateEach(org, org.connectors()).values().stream().flatMap(List::stream),
            TopologyRules.check(org))
        .flatMap(s -> s)
        .toList();
  }

  /**
   * The problems between the organization's sites, site links, servers and Edge subscriptions: every
   * name one of them gives must be an object that exists, and an Edge subscribes once.
   */
  public static List<ValidationProblem> validateTopology(OrganizationConfig org) {
    return TopologyRules.check(org).toList();
  }

  /** Returns {@code c} when it has no problem in {@code org}, else throws listing them. */
  public static SendConnector requireValid(SendConnector c, OrganizationConfig org) {
    throwIfAny(validate(c, org));
    return c;
  }

  /** Returns {@code c} when it has no problem in {@code org}, else throws listing them. */
  public static ForeignConnector requireValid(ForeignConnector c, OrganizationConfig org) {
    throwIfAny(validate(c, org));
    return c;
  }

  /** Returns {@code org} when it has no problem, else throws listing them. */
  public static OrganizationConfig requireValidOrganization(OrganizationConfig org) {
    throwIfAny(validateOrganization(org));
    return org;
  }

  private static void throwIfAny(List<ValidationProblem> problems) {
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
  }
}
