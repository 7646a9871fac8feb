package dev.sluice.node.cli;

import dev.sluice.directory.ObjectKind;
import dev.sluice.routing.model.Site;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** new-, set-, get- and remove-site: the organization's sites (Exchange's AD sites and Set-AdSite). */
final class SiteCommands {
  private SiteCommands() {}

  @Command(name = "new-site", description = "Create a site.",
      footerHeading = "%nExample:%n", footer = {"  sluice new-site --name Site-A --hub-site-enabled false"})
  static final class New extends DirectoryVerb {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The site's name.")
    String name;

    @Option(names = "--hub-site-enabled", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
        description = "Mail whose least-cost path crosses this site is relayed by its hubs (default: false).")
    boolean hubSite;

    @Override
    void run(DirectorySession session) {
      session.directory().create(ObjectKind.SITE, new Site(name, hubSite));
      done("Created", ObjectKind.SITE, name);
    }
  }

  @Command(name = "set-site", description = "Change whether a site is a hub site.",
      footerHeading = "%nExample:%n", footer = {"  sluice set-site --name Site-B --hub-site-enabled"})
  static final class Set extends DirectoryVerb {
    @Option(names = {"--name", "--identity"}, required = true, paramLabel = "NAME", description = "The site.")
    String name;

    @Option(names = "--hub-site-enabled", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
        description = "Mail whose least-cost path crosses this site is relayed by its hubs.")
    Boolean hubSite;

    @Mixin IfVersionOption ifVersion;

    @Override
    void run(DirectorySession session) {
      ifVersion.change(session.directory(), ObjectKind.SITE, name,
          s -> new Site(s.name(), hubSite == null ? s.hubSite() : hubSite));
      done("Changed", ObjectKind.SITE, name);
    }
  }

  @Command(name = "get-site", description = "Show one site, or list them all.",
      footerHeading = "%nExample:%n", footer = {"  sluice get-site --format json"})
  static final class Get extends GetVerb<Site> {
    @Option(names = {"--name", "--identity"}, paramLabel = "NAME", description = "The site (default: all).")
    String name;

    @Override
    ObjectKind<Site> kind() {
      return ObjectKind.SITE;
    }

    @Override
    String identity() {
      return name;
    }

    @Override
    List<String> columns() {
      return List.of("name", "hubSiteEnabled");
    }
  }

  @Command(name = "remove-site", description = "Remove a site, and the site links left joining fewer than two sites.",
      footerHeading = "%nExample:%n", footer = {"  sluice remove-site --name Site-C"})
  static final class Remove extends RemoveVerb {
    @Option(names = {"--name", "--identity"}, required = true, paramLabel = "NAME", description = "The site.")
    String name;

    @Override
    ObjectKind<?> kind() {
      return ObjectKind.SITE;
    }

    @Override
    String identity() {
      return name;
    }
  }
}
