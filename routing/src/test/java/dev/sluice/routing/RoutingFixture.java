package dev.sluice.routing;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.AcceptedDomainType;
import dev.sluice.routing.model.Connector;
import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.ForeignConnector;
import dev.sluice.routing.model.MaxMessageSize;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The organization the routing cases run in, and the small text forms the case table uses for
 * connectors and decisions.
 *
 * <pre>
 *   S1 (HUB1, HUB2; EDGE1 subscribed) --10-- S2 (HUB3) --10-- S3 hub site (HUB4) --10-- S4 (HUB5)
 *   S1 --50-- S4 (direct, dearer than the path through S2 and S3)
 *   S5 (HUB6) is linked to nothing: unreachable
 * </pre>
 *
 * Accepted domains: contoso.com (Authoritative), *.fabrikam.com (InternalRelay), relay.example (ExternalRelay).
 */
final class RoutingFixture {
  private RoutingFixture() {}

  static final OrganizationConfig BASE = OrganizationConfig.empty("Contoso")
      .withSites(List.of(Site.of("S1"), Site.of("S2"), new Site("S3", true), Site.of("S4"), Site.of("S5")))
      .withSiteLinks(List.of(
          SiteLink.of("S1-S2", 10, "S1", "S2"),
          SiteLink.of("S2-S3", 10, "S2", "S3"),
          SiteLink.of("S3-S4", 10, "S3", "S4"),
          SiteLink.of("S1-S4", 50, "S1", "S4")))
      .withServers(List.of(
          TransportServer.hub("HUB1", "S1"), TransportServer.hub("HUB2", "S1"), TransportServer.hub("HUB3", "S2"),
          TransportServer.hub("HUB4", "S3"), TransportServer.hub("HUB5", "S4"), TransportServer.hub("HUB6", "S5"),
          TransportServer.edge("EDGE1", "S1")))
      .withEdgeSubscriptions(List.of(new EdgeSubscription("EDGE1", "S1")))
      .withAcceptedDomains(List.of(
          new AcceptedDomain("contoso.com", AcceptedDomainType.AUTHORITATIVE),
          new AcceptedDomain("*.fabrikam.com", AcceptedDomainType.INTERNAL_RELAY),
          new AcceptedDomain("relay.example", AcceptedDomainType.EXTERNAL_RELAY)));

  /** The fixture with {@code connectors}, Send and Foreign. */
  static OrganizationConfig with(List<Connector> connectors) {
    List<SendConnector> send = new ArrayList<>();
    List<ForeignConnector> foreign = new ArrayList<>();
    for (Connector c : connectors) {
      if (c instanceof SendConnector s) {
        send.add(s);
      } else {
        foreign.add((ForeignConnector) c);
      }
    }
    return BASE.withSendConnectors(send).withForeignConnectors(foreign);
  }

  /**
   * Parses connectors separated by {@code &}: {@code NAME spaces=LIST src=HUB1,HUB2 [smarthosts=H1,H2]
   * [enabled=false] [scoped=true] [max=1MB] [linked=RECEIVE] [foreign=/drop/dir]}; LIST is Exchange's address space list.
   */
  static List<Connector> connectors(String spec) {
    List<Connector> out = new ArrayList<>();
    for (String one : spec.split("&")) {
      String[] tokens = one.strip().split("\\s+");
      String name = tokens[0];
      SendConnector.Builder b = SendConnector.builder(name);
      List<AddressSpace> spaces = List.of();
      List<String> sources = List.of();
      String drop = null;
      boolean enabled = true;
      boolean scoped = false;
      MaxMessageSize max = MaxMessageSize.UNLIMITED;
      for (String token : Arrays.asList(tokens).subList(1, tokens.length)) {
        int eq = token.indexOf('=');
        String key = token.substring(0, eq);
        String value = token.substring(eq + 1);
        switch (key) {
          case "spaces" -> spaces = AddressSpace.parseList(value);
          case "src" -> sources = List.of(value.split(","));
          case "smarthosts" -> b.smartHosts(value.split(","));
          case "enabled" -> enabled = Boolean.parseBoolean(value);
          case "scoped" -> scoped = Boolean.parseBoolean(value);
          case "max" -> max = MaxMessageSize.parse(value);
          case "linked" -> b.linkedReceiveConnector(value);
          case "foreign" -> drop = value;
          default -> throw new IllegalArgumentException("unknown connector key " + key + " in " + one);
        }
      }
      if (drop != null) {
        out.add(new ForeignConnector(name, spaces, sources, drop, enabled, max, scoped, ""));
      } else {
        out.add(b.addressSpaces(spaces).sourceTransportServers(sources).enabled(enabled).isScopedConnector(scoped)
            .maxMessageSize(max).build());
      }
    }
    return out;
  }

  /** The text form of a decision the case table compares against. */
  static String describe(RoutingDecision decision) {
    if (decision instanceof RoutingDecision.Deliver d) {
      String hosts = d.target() instanceof RoutingDecision.DeliveryTarget.OrganizationHubs h
          ? " " + names(h.hubs()) : "";
      return "Deliver " + d.connector().name() + " " + d.nextHop() + hosts;
    }
    if (decision instanceof RoutingDecision.RelayToSourceServers r) {
      return "Relay " + r.connector() + " " + r.nextHop() + " " + names(r.servers());
    }
    if (decision instanceof RoutingDecision.RelayToSite r) {
      return "RelayToSite " + r.connector() + " " + r.nextHop() + " " + names(r.hubs());
    }
    if (decision instanceof RoutingDecision.Failed f) {
      return "Failed " + f.status();
    }
    if (decision instanceof RoutingDecision.Unreachable) {
      return "Unreachable";
    }
    return "Deferred";
  }

  private static String names(List<TransportServer> servers) {
    return servers.stream().map(TransportServer::name).collect(Collectors.joining(","));
  }
}
