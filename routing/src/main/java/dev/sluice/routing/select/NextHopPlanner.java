package dev.sluice.routing.select;

import dev.sluice.routing.balance.BalanceContext;
import dev.sluice.routing.balance.Balancer;
import dev.sluice.routing.balance.Liveness;
import dev.sluice.routing.balance.ServerRing;
import dev.sluice.routing.decision.NextHop;
import dev.sluice.routing.decision.NextHopType;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.decision.RoutingDecision.DeliveryTarget;
import dev.sluice.routing.model.Connector;
import dev.sluice.routing.model.ForeignConnector;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SmartHost;
import dev.sluice.routing.model.TransportServer;
import dev.sluice.routing.topology.PathTree;
import dev.sluice.routing.topology.SitePath;
import dev.sluice.routing.topology.SiteTopology;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns the winning connector into a decision: deliver from here, relay to its source servers, or
 * relay toward the site that holds them, with the hosts ordered by the balancer.
 *
 * <p>Stateless and thread-safe. Paths come from configuration; liveness orders and skips hosts, and
 * when every host of the site that takes the hop is down it moves the message only as far along the
 * path as it can go: Exchange's queue at point of failure, see {@link #backOff}. The queue key
 * ({@link NextHop}) never depends on liveness: it names the site that takes the hop by configuration.
 */
public final class NextHopPlanner {
  private final SiteTopology topology;
  /** By site number: the hubs of the site as a balancer ring, and its name in lower case (queue keys). */
  private final ServerRing[] hubs;
  private final String[] siteKeys;
  private final String[] siteNames;

  public NextHopPlanner(SiteTopology topology) {
    this.topology = topology;
    List<Site> sites = topology.sites();
    this.hubs = new ServerRing[sites.size()];
    this.siteKeys = new String[sites.size()];
    this.siteNames = new String[sites.size()];
    for (Site site : sites) {
      int n = topology.siteNumber(site.name());
      hubs[n] = ServerRing.of(topology.hubsOf(site.name()));
      siteKeys[n] = site.name().toLowerCase(Locale.ROOT);
      siteNames[n] = site.name();
    }
  }

  private ServerRing hubsOf(int site) {
    return site < 0 ? ServerRing.EMPTY : hubs[site];
  }

  /** The decision for {@code winner}, for {@code recipient}, on {@code here}. */
  public RoutingDecision plan(
      ScoredCandidate winner, LocalServer here, String recipient, Liveness liveness, BalanceContext balance) {
    if (winner.proximity() == ScoredCandidate.PROXIMITY_LOCAL_SERVER) {
      return deliver(winner.view().connector(), here.server(), recipient, liveness, balance);
    }
    // A relay is made from the packed group alone: the connector's own objects stay unread.
    String connector = winner.connectorName();
    if (winner.proximity() == ScoredCandidate.PROXIMITY_LOCAL_SITE) {
      return new RoutingDecision.RelayToSourceServers(
          winner.relayHop(), connector, Balancer.orderServers(winner.targets(), liveness, balance));
    }
    SitePath path = winner.path();
    int hopSite = topology.nextHopSiteNumber(here.siteNumber(), winner.targetSiteNumber());
    // Straight to the connector's source servers when nothing lies between; an Edge is reached only
    // through the hubs of its own site, and a hub site on the path takes the hop with its hubs.
    ServerRing hosts =
        hopSite == winner.targetSiteNumber() && !winner.edgeSourced() ? winner.targets() : hubsOf(hopSite);
    NextHop hop = new NextHop(NextHopType.SMTP_RELAY_TO_REMOTE_AD_SITE, siteKeys[hopSite], connector);
    List<TransportServer> ordered = Balancer.orderServers(hosts, liveness, balance);
    if (ordered.isEmpty()) {
      return backOff(hop, connector, here.siteNumber(), hopSite, path, liveness, balance);
    }
    return new RoutingDecision.RelayToSite(hop, connector, path.nextHopSite(), path.destination(), ordered);
  }

  /**
   * The relay when no host of {@code hopSite} is alive: to the live hubs of the site nearest it on the
   * least-cost path from here, never here and never past it, so a hub site on the path is never
   * bypassed; with none, to nobody (the message waits here). The site chosen is nearer the winner's
   * source servers than here, so the cheapest aggregate cost its hubs see is lower than the winner's
   * here: each such relay lowers it, and mail never goes round in a loop between sites.
   */
  private RoutingDecision backOff(NextHop hop, String connector, int here, int hopSite, SitePath path,
      Liveness liveness, BalanceContext balance) {
    PathTree tree = topology.distancesFrom(here);
    // Bounded by the path's hops: each step goes one site back toward here.
    for (int site = tree.predecessor(hopSite); site >= 0 && site != here; site = tree.predecessor(site)) {
      List<TransportServer> live = Balancer.orderServers(hubsOf(site), liveness, balance);
      if (!live.isEmpty()) {
        return new RoutingDecision.RelayToSite(hop, connector, siteNames[site], path.destination(), live);
      }
    }
    return new RoutingDecision.RelayToSite(hop, connector, path.nextHopSite(), path.destination(), List.of());
  }

  private RoutingDecision deliver(
      Connector connector, TransportServer local, String recipient, Liveness liveness, BalanceContext balance) {
    if (connector instanceof ForeignConnector foreign) {
      return new RoutingDecision.Deliver(
          new NextHop(NextHopType.NON_SMTP_GATEWAY_DELIVERY, foreign.name(), foreign.name()), foreign,
          new DeliveryTarget.DropDirectory(foreign.dropDirectory()));
    }
    SendConnector send = (SendConnector) connector;
    if (send.dnsRoutingEnabled()) {
      String recipientDomain = domainOf(recipient);
      return new RoutingDecision.Deliver(
          new NextHop(NextHopType.DNS_CONNECTOR_DELIVERY, recipientDomain, send.name()), send,
          new DeliveryTarget.Mx(recipientDomain, send.port(), send.useExternalDnsServersEnabled()));
    }
    String hostsText = send.smartHosts().stream().map(SmartHost::toString).collect(Collectors.joining(","));
    NextHop hop = new NextHop(NextHopType.SMART_HOST_CONNECTOR_DELIVERY, hostsText, send.name());
    if (send.smartHosts().size() == 1 && send.smartHosts().get(0).kind() == SmartHost.Kind.ORGANIZATION_HUBS) {
      // "--" is the EdgeSync inbound smart host: the hubs of the site this Edge is subscribed to.
      String site = topology.subscribedSite(local.name()).orElse(local.site());
      return new RoutingDecision.Deliver(hop, send, new DeliveryTarget.OrganizationHubs(site,
          Balancer.orderServers(hubsOf(topology.siteNumber(site)), liveness, balance)));
    }
    return new RoutingDecision.Deliver(hop, send,
        new DeliveryTarget.SmartHosts(Balancer.orderSmartHosts(send.smartHosts(), liveness, balance), send.port()));
  }

  /** The recipient's domain as DNS is asked for it: lower case, without a trailing dot. */
  private static String domainOf(String recipient) {
    int at = recipient.lastIndexOf('@');
    String domain = at < 0 ? recipient : recipient.substring(at + 1);
    if (domain.endsWith(".")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    return domain.toLowerCase(Locale.ROOT);
  }
}
