package dev.sluice.node.cli;

import dev.sluice.directory.Directory;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.Versioned;
import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.AcceptedDomainType;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * new-, get- and remove-accepteddomain: the domains the organization accepts mail for. The directory keys
 * them by domain name; get and remove also find one by its Name, as Exchange's Identity does.
 */
final class AcceptedDomainCommands {
  private AcceptedDomainCommands() {}

  /** The accepted domain whose domain name, or else whose Name, is {@code identity}. */
  static Optional<Versioned<AcceptedDomain>> find(Directory directory, String identity) {
    Optional<Versioned<AcceptedDomain>> byDomain = directory.get(ObjectKind.ACCEPTED_DOMAIN, identity);
    if (byDomain.isPresent()) {
      return byDomain;
    }
    return directory.list(ObjectKind.ACCEPTED_DOMAIN).stream()
        .filter(v -> v.value().name().equalsIgnoreCase(identity.strip()))
        .findFirst();
  }

  @Command(name = "new-accepteddomain", description = "Accept mail for a domain.",
      footerHeading = "%nExample:%n",
      footer = {"  sluice new-accepteddomain --name Contoso --domain-name contoso.com --domain-type Authoritative"})
  static final class New extends DirectoryVerb {
    @Option(names = "--name", paramLabel = "NAME", description = "The administrator's name for it (default: the domain).")
    String name;

    @Option(names = "--domain-name", required = true, paramLabel = "DOMAIN",
        description = "The domain, or *.domain for it and its subdomains.")
    String domainName;

    @Option(names = "--domain-type", defaultValue = "Authoritative", paramLabel = "TYPE",
        description = "Authoritative, InternalRelay or ExternalRelay (default: ${DEFAULT-VALUE}).")
    AcceptedDomainType type;

    @Override
    void run(DirectorySession session) {
      AcceptedDomain domain = new AcceptedDomain(name, domainName, type);
      session.directory().create(ObjectKind.ACCEPTED_DOMAIN, domain);
      done("Created", ObjectKind.ACCEPTED_DOMAIN, domain.domainName());
    }
  }

  @Command(name = "get-accepteddomain", description = "Show one accepted domain, or list them all.",
      footerHeading = "%nExample:%n", footer = {"  sluice get-accepteddomain --name contoso.com"})
  static final class Get extends GetVerb<AcceptedDomain> {
    @Option(names = {"--name", "--identity"}, paramLabel = "NAME|DOMAIN",
        description = "The accepted domain, by Name or domain name (default: all).")
    String identity;

    @Override
    ObjectKind<AcceptedDomain> kind() {
      return ObjectKind.ACCEPTED_DOMAIN;
    }

    @Override
    String identity() {
      return identity;
    }

    @Override
    Optional<Versioned<AcceptedDomain>> one(DirectorySession session, String id) {
      return find(session.directory(), id);
    }

    @Override
    List<String> columns() {
      return List.of("name", "domainName", "domainType");
    }
  }

  @Command(name = "remove-accepteddomain", description = "Stop accepting mail for a domain.",
      footerHeading = "%nExample:%n", footer = {"  sluice remove-accepteddomain --name contoso.com"})
  static final class Remove extends DirectoryVerb {
    @Option(names = {"--name", "--identity"}, required = true, paramLabel = "NAME|DOMAIN",
        description = "The accepted domain, by Name or domain name.")
    String identity;

    @Override
    void run(DirectorySession session) {
      String domain = find(session.directory(), identity)
          .orElseThrow(() -> Directory.notFound(ObjectKind.ACCEPTED_DOMAIN, identity))
          .value().domainName();
      session.directory().remove(ObjectKind.ACCEPTED_DOMAIN, domain);
      done("Removed", ObjectKind.ACCEPTED_DOMAIN, domain);
    }
  }
}
