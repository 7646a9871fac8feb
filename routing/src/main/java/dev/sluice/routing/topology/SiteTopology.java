package dev.sluice.routing.topology;

import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The organization's configured sites, site links and transport servers, and the least-cost paths
 * between the sites, as Exchange 2007's Active Directory site-based routing computes them.
 *
 * <p>Paths come from configuration only: which servers are alive never changes a path. A link costs
 * its Exchange cost when set, else its cost; a link that joins more than two sites joins every pair of
 * them. Ties between least-cost paths go to fewer hops, then to Exchange's name rule (see
 * {@link SiteGraph#pathsFrom}), so every path is deterministic whatever the order of the input lists.
 * A link or Edge subscription naming a site that is not configured is ignored (validation refuses it
 * elsewhere). Names compare case-insensitively; answers give the configured spelling.
 *
 * <p>Immutable from the outside and safe to share between threads. The paths from a site are computed
 * on the first question about that site and cached; two threads asking at once may both compute them,
 * and the same answer wins. {@link #build} throws {@link IllegalArgumentException} when a site or
 * server is configured twice or an Edge is subscribed to two sites.
 */
public final class SiteTopology {
  private static final Comparator<TransportServer> BY_NAME = Comparator.comparing(s -> key(s.name()));

  private final List<Site> sites;
  private final Map<String, Integer> siteNumbers;
  private final SiteGraph graph;
  private final AtomicReferenceArray<PathTree> pathsFrom;
  private final Map<String, TransportServer> servers;
  private final Map<String, Integer> serverNumbers;
  private final Map<String, List<TransportServer>> hubsBySite;
  private final Map<String, String> subscribedSites;
  private final Map<String, List<TransportServer>> edgesBySite;

  private SiteTopology(
      List<Site> sites,
      Map<String, TransportServer> servers,
      Map<String, List<TransportServer>> hubsBySite,
      Map<String, String> subscribedSites,
      Map<String, List<TransportServer>> edgesBySite,
      List<SiteLink> links) {
    this.sites = List.copyOf(sites);
    this.servers = Map.copyOf(servers);
    Map<String, Integer> serverIds = new HashMap<>();
    for (String server : new java.util.TreeSet<>(servers.keySet())) {
      serverIds.put(server, serverIds.size());
    }
    this.serverNumbers = Map.copyOf(serverIds);
    this.hubsBySite = Map.copyOf(hubsBySite);
    this.subscribedSites = Map.copyOf(subscribedSites);
    this.edgesBySite = Map.copyOf(edgesBySite);
    Map<String, Integer> numbers = new HashMap<>();
    boolean[] relayHub = new boolean[sites.size()];
    for (int i = 0; i < sites.size(); i++) {
      numbers.put(key(sites.get(i).name()), i);
      relayHub[i] = sites.get(i).hubSite() && !hubsOf(sites.get(i).name()).isEmpty();
    }
    this.siteNumbers = Map.copyOf(numbers);
    Map<Long, Integer> edges = new HashMap<>();
    for (SiteLink link : links) {
      List<Integer> joined = link.sites().stream().map(s -> siteNumbers.get(key(s))).toList();
      if (joined.contains(null)) {
        continue; // names a site that is not configured: ignored for paths, refused by validation
      }
      for (int a = 0; a < joined.size(); a++) {
        for (int b = a + 1; b < joined.size(); b++) {
          SiteGraph.join(edges, sites.size(), joined.get(a), joined.get(b), link.routingCost());
        }
      }
    }
    this.graph = new SiteGraph(sites.stream().map(Site::name).toList(), relayHub, edges);
    this.pathsFrom = new AtomicReferenceArray<>(sites.size());
  }

  public static SiteTopology build(
      List<Site> sites, List<SiteLink> links, List<TransportServer> servers, List<EdgeSubscription> subscriptions) {
    Map<String, Site> siteByName = unique(sites, Site::name, "site");
    Map<String, TransportServer> serverByName = unique(servers, TransportServer::name, "server");
    Map<String, List<TransportServer>> hubsBySite = new HashMap<>();
    for (TransportServer server : serverByName.values()) {
      if (server.isHub()) {
        hubsBySite.computeIfAbsent(key(server.site()), s -> new ArrayList<>()).add(server);
      }
    }
    Map<String, String> subscribedSites = new HashMap<>();
    Map<String, List<TransportServer>> edgesBySite = new HashMap<>();
    for (EdgeSubscription subscription : Objects.requireNonNull(subscriptions, "Edge subscriptions")) {
      TransportServer edge = serverByName.get(key(subscription.edgeServer()));
      Site site = siteByName.get(key(subscription.site()));
      if (edge == null || !edge.isEdge() || site == null) {
        continue; // not a configured Edge or site: ignored here, refused by validation
      }
      String before = subscribedSites.putIfAbsent(key(edge.name()), site.name());
      if (before == null) {
        edgesBySite.computeIfAbsent(key(site.name()), s -> new ArrayList<>()).add(edge);
      } else if (!before.equals(site.name())) {
        throw new IllegalArgumentException("Edge server " + edge.name() + " is subscribed to sites " + before
            + " and " + site.name() + "; remove one of its Edge subscriptions");
      }
    }
    hubsBySite.replaceAll((site, hubs) -> hubs.stream().sorted(BY_NAME).toList());
    edgesBySite.replaceAll((site, edges) -> edges.stream().sorted(BY_NAME).toList());
    return new SiteTopology(
        List.copyOf(siteByName.values()),
        serverByName,
        hubsBySite,
        subscribedSites,
        edgesBySite,
        Objects.requireNonNull(links, "site links"));
  }

  /** The least-cost path from {@code fromSite} to {@code toSite}; empty when unreachable or unknown. */
  public Optional<SitePath> path(String fromSite, String toSite) {
    Integer from = siteNumbers.get(key(fromSite));
    Integer to = siteNumbers.get(key(toSite));
    if (from == null || to == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(pathsFrom(from).to(to));
  }

  /**
   * The number of {@code site} for {@link #path(int, int)}, or -1 when it is not configured: lets the
   * routing hot path name sites without lower-casing and hashing their names on every recipient.
   */
  public int siteNumber(String site) {
    Integer number = siteNumbers.get(key(site));
    return number == null ? -1 : number;
  }

  /** The least-cost paths from site number {@code from} (not -1), as costs and hops by site number. */
  public PathTree distancesFrom(int from) {
    return pathsFrom(from);
  }

  /** The number of the site that takes the next hop from {@code from} toward reachable {@code to}. */
  public int nextHopSiteNumber(int from, int to) {
    return pathsFrom(from).nextHop(to);
  }

  /** The number of server {@code name} (0 and up, in name order), or -1 when it is not configured. */
  public int serverNumber(String name) {
    Integer number = serverNumbers.get(key(name));
    return number == null ? -1 : number;
  }

  /** The least-cost path between two site numbers, or null when unreachable or either is -1. */
  public SitePath path(int from, int to) {
    return from < 0 || to < 0 ? null : pathsFrom(from).to(to);
  }

  /** Whether site links join {@code fromSite} to {@code toSite}; false when either is not configured. */
  public boolean reachable(String fromSite, String toSite) {
    return path(fromSite, toSite).isPresent();
  }

  /** The configured sites no path reaches from {@code fromSite}, in name order; all of them when it is unknown. */
  public List<String> unreachableFrom(String fromSite) {
    return sites.stream().map(Site::name).filter(to -> !reachable(fromSite, to)).toList();
  }

  /** The configured sites, in name order (case-insensitive). */
  public List<Site> sites() {
    return sites;
  }

  /** The configured site called {@code name} (case-insensitive). */
  public Optional<Site> site(String name) {
    return Optional.ofNullable(siteNumbers.get(key(name))).map(sites::get);
  }

  /** The configured hubs of {@code site}, in name order. */
  public List<TransportServer> hubsOf(String site) {
    return hubsBySite.getOrDefault(key(site), List.of());
  }

  /** The configured server called {@code name} (case-insensitive). */
  public Optional<TransportServer> server(String name) {
    return Optional.ofNullable(servers.get(key(name)));
  }

  /** The site {@code edgeServer} is subscribed to. */
  public Optional<String> subscribedSite(String edgeServer) {
    return Optional.ofNullable(subscribedSites.get(key(edgeServer)));
  }

  /** The configured Edge servers subscribed to {@code site}, in name order. */
  public List<TransportServer> edgesSubscribedTo(String site) {
    return edgesBySite.getOrDefault(key(site), List.of());
  }

  private PathTree pathsFrom(int site) {
    PathTree paths = pathsFrom.get(site);
    if (paths == null) {
      // Computing twice under a race is harmless: the graph is immutable, so both results are equal.
      pathsFrom.compareAndSet(site, null, graph.pathsFrom(site));
      paths = pathsFrom.get(site);
    }
    return paths;
  }

  /** The lower-case form names are compared and ordered by. */
  static String key(String name) {
    return Objects.requireNonNull(name, "name").strip().toLowerCase(Locale.ROOT);
  }

  /** Indexes {@code values} by lower-case name, in name order, refusing a name given twice. */
  private static <T> Map<String, T> unique(List<T> values, Function<T, String> name, String what) {
    Map<String, T> byName = new TreeMap<>();
    for (T value : Objects.requireNonNull(values, what + "s")) {
      T before = byName.putIfAbsent(key(name.apply(value)), value);
      if (before != null) {
        throw new IllegalArgumentException(what + " " + name.apply(value) + " is configured twice (also as "
            + name.apply(before) + "); " + what + " names are compared case-insensitively, rename one");
      }
    }
    return byName;
  }
}
