package dev.sluice.routing.topology;

import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/** Builds topologies for tests from a compact text form: {@code "A-B:10 B-C-D:20 A-C:30/5"}. */
final class TopologyBuilder {
  private final Map<String, Site> sites = new LinkedHashMap<>();
  private final List<SiteLink> links = new ArrayList<>();
  private final List<TransportServer> servers = new ArrayList<>();
  private final List<EdgeSubscription> subscriptions = new ArrayList<>();

  /**
   * Links separated by spaces, each {@code SITE-SITE[-SITE...]:cost[/exchangeCost]}; every site named
   * is configured (as a plain site unless {@link #hubSite} said otherwise).
   */
  static TopologyBuilder links(String spec) {
    TopologyBuilder builder = new TopologyBuilder();
    for (String link : spec.trim().split("\\s+")) {
      if (link.isEmpty()) {
        continue;
      }
      String[] parts = link.split(":");
      String[] costs = parts[1].split("/");
      List<String> joined = List.of(parts[0].split("-"));
      joined.forEach(builder::site);
      OptionalInt exchangeCost = costs.length > 1 ? OptionalInt.of(Integer.parseInt(costs[1])) : OptionalInt.empty();
      builder.links.add(new SiteLink("L" + builder.links.size(), joined, Integer.parseInt(costs[0]), exchangeCost));
    }
    return builder;
  }

  TopologyBuilder site(String name) {
    sites.putIfAbsent(name.toLowerCase(Locale.ROOT), Site.of(name));
    return this;
  }

  /** Makes {@code name} a hub site and gives it the named hubs (none: a hub site without a hub). */
  TopologyBuilder hubSite(String name, String... hubs) {
    sites.put(name.toLowerCase(Locale.ROOT), new Site(name, true));
    for (String hub : hubs) {
      hub(hub, name);
    }
    return this;
  }

  TopologyBuilder hub(String name, String site) {
    servers.add(TransportServer.hub(name, site));
    return this;
  }

  TopologyBuilder edge(String name, String subscribedSite) {
    servers.add(TransportServer.edge(name, "Perimeter"));
    subscriptions.add(new EdgeSubscription(name, subscribedSite));
    return this;
  }

  TopologyBuilder link(SiteLink link) {
    links.add(link);
    return this;
  }

  List<Site> sites() {
    return List.copyOf(sites.values());
  }

  List<SiteLink> siteLinks() {
    return List.copyOf(links);
  }

  SiteTopology build() {
    return build(List.of());
  }

  /** Builds with {@code more} servers that have no subscription. */
  SiteTopology build(List<TransportServer> more) {
    List<TransportServer> all = new ArrayList<>(servers);
    all.addAll(more);
    return SiteTopology.build(sites(), links, all, subscriptions);
  }

  /** {@code "A>B>C"} as a list of site names. */
  static List<String> path(String spec) {
    return List.of(spec.split(">"));
  }
}
