package dev.sluice.node.cli;

import dev.sluice.directory.ObjectKind;
import dev.sluice.routing.model.SiteLink;
import java.util.List;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * new-, set-, get- and remove-sitelink: the IP site links whose costs make the least-cost paths. A link
 * naming a site that does not exist is refused by the directory's validation.
 */
final class SiteLinkCommands {
  private SiteLinkCommands() {}

  /** {@code --exchange-cost N}, or {@code none} to fall back to the AD cost. */
  static OptionalInt exchangeCost(String text) {
    if (text.isBlank() || text.strip().equalsIgnoreCase("none")) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(text.strip()));
    } catch (NumberFormatException e) {
      throw CliException.usage("--exchange-cost '" + text + "' is not a number from 1 to " + SiteLink.MAX_COST
          + ", or none");
    }
  }

  @Command(name = "new-sitelink", description = "Create a site link between two or more sites.",
      footerHeading = "%nExample:%n", footer = {"  sluice new-sitelink --name A-B --sites Site-A,Site-B --cost 10"})
  static final class New extends DirectoryVerb {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The link's name.")
    String name;

    @Option(names = "--sites", required = true, split = ",", paramLabel = "SITES",
        description = "Comma-separated sites it joins (at least two, each existing).")
    List<String> sites;

    @Option(names = "--cost", defaultValue = "" + SiteLink.DEFAULT_COST, paramLabel = "N",
        description = "The AD cost, 1 to 99999 (default: ${DEFAULT-VALUE}).")
    int cost;

    @Option(names = "--exchange-cost", paramLabel = "N",
        description = "The Exchange cost that overrides --cost for routing, 1 to 99999 (default: none).")
    String exchangeCost;

    @Override
    void run(DirectorySession session) {
      OptionalInt exchange = exchangeCost == null ? OptionalInt.empty() : exchangeCost(exchangeCost);
      session.directory().create(ObjectKind.SITE_LINK, new SiteLink(name, sites, cost, exchange));
      done("Created", ObjectKind.SITE_LINK, name);
    }
  }

  @Command(name = "set-sitelink", description = "Change the sites or the costs of a site link.",
      footerHeading = "%nExample:%n", footer = {"  sluice set-sitelink --name A-B --exchange-cost 5"})
  static final class Set extends DirectoryVerb {
    @Option(names = {"--name", "--identity"}, required = true, paramLabel = "NAME", description = "The link.")
    String name;

    @Option(names = "--sites", split = ",", paramLabel = "SITES", description = "Comma-separated sites it joins.")
    List<String> sites;

    @Option(names = "--cost", paramLabel = "N", description = "The AD cost, 1 to 99999.")
    Integer cost;

    @Option(names = "--exchange-cost", paramLabel = "N|none", description = "The Exchange cost, or none.")
    String exchangeCost;

    @Mixin IfVersionOption ifVersion;

    @Override
    void run(DirectorySession session) {
      ifVersion.change(session.directory(), ObjectKind.SITE_LINK, name, l -> new SiteLink(l.name(),
          sites == null ? l.sites() : sites,
          cost == null ? l.cost() : cost,
          exchangeCost == null ? l.exchangeCost() : exchangeCost(exchangeCost)));
      done("Changed", ObjectKind.SITE_LINK, name);
    }
  }

  @Command(name = "get-sitelink", description = "Show one site link, or list them all.",
      footerHeading = "%nExample:%n", footer = {"  sluice get-sitelink --name A-B"})
  static final class Get extends GetVerb<SiteLink> {
    @Option(names = {"--name", "--identity"}, paramLabel = "NAME", description = "The link (default: all).")
    String name;

    @Override
    ObjectKind<SiteLink> kind() {
      return ObjectKind.SITE_LINK;
    }

    @Override
    String identity() {
      return name;
    }

    @Override
    List<String> columns() {
      return List.of("name", "sites", "cost", "exchangeCost");
    }
  }

  @Command(name = "remove-sitelink", description = "Remove a site link.",
      footerHeading = "%nExample:%n", footer = {"  sluice remove-sitelink --name A-B"})
  static final class Remove extends RemoveVerb {
    @Option(names = {"--name", "--identity"}, required = true, paramLabel = "NAME", description = "The link.")
    String name;

    @Override
    ObjectKind<?> kind() {
      return ObjectKind.SITE_LINK;
    }

    @Override
    String identity() {
      return name;
    }
  }
}
