package dev.sluice.routing.validate;

import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The rules between the organization's sites, site links, servers and Edge subscriptions: every name
 * one of them gives must be an object that exists.
 *
 * <p>Stateless and thread-safe; each rule returns its problems and never throws.
 */
final class TopologyRules {
  private TopologyRules() {}

  static Stream<ValidationProblem> check(OrganizationConfig org) {
    return Stream.of(
            siteLinksJoinExistingSites(org),
            serversNameExistingSites(org),
            subscriptionsNameEdgeServers(org),
            subscriptionsNameExistingSites(org),
            edgeSubscribedOnce(org))
        .flatMap(s -> s);
  }

  // A link to a site that does not exist would give least-cost paths through nowhere.
  static Stream<ValidationProblem> siteLinksJoinExistingSites(OrganizationConfig org) {
    return org.siteLinks().stream()
        .flatMap(link -> link.sites().stream().filter(site -> !siteExists(org, site)).map(site -> unknownSite(link, site)));
  }

  // A server outside every site cannot be reached by site-based routing.
  static Stream<ValidationProblem> serversNameExistingSites(OrganizationConfig org) {
    return org.servers().stream()
        .filter(server -> !siteExists(org, server.site()))
        .map(
            server ->
                new ValidationProblem(
                    "server '" + server.name() + "'",
                    "Site",
                    "site '" + server.site() + "' does not exist: create it, or give the server an existing Site"));
  }

  // Only an Edge server subscribes; a Hub is a member of its site already.
  static Stream<ValidationProblem> subscriptionsNameEdgeServers(OrganizationConfig org) {
    return org.edgeSubscriptions().stream()
        .flatMap(
            sub -> {
              Optional<TransportServer> server =
                  org.servers().stream().filter(s -> s.name().equalsIgnoreCase(sub.edgeServer())).findFirst();
              if (server.isEmpty()) {
                return Stream.of(
                    problem(sub, "EdgeServer", "no server '" + sub.edgeServer() + "' is configured: configure that"
                        + " Edge server first, or name a configured one in EdgeServer"));
              }
              if (!server.get().isEdge()) {
                return Stream.of(
                    problem(sub, "EdgeServer", "'" + sub.edgeServer() + "' is a Hub server, and only Edge servers"
                        + " subscribe: name an Edge server in EdgeServer, or remove the subscription"));
              }
              return Stream.empty();
            });
  }

  // The subscription's hubs are those of its site; a site that does not exist has none.
  static Stream<ValidationProblem> subscriptionsNameExistingSites(OrganizationConfig org) {
    return org.edgeSubscriptions().stream()
        .filter(sub -> !siteExists(org, sub.site()))
        .map(sub -> problem(sub, "Site", "site '" + sub.site() + "' does not exist: subscribe the Edge to an"
            + " existing Site"));
  }

  // An Edge belongs to one site (Exchange's New-EdgeSubscription replaces the old one); two
  // subscriptions would give it two sets of hubs for '--'.
  static Stream<ValidationProblem> edgeSubscribedOnce(OrganizationConfig org) {
    return org.edgeSubscriptions().stream()
        .collect(
            Collectors.groupingBy(
                sub -> sub.edgeServer().toLowerCase(Locale.ROOT), LinkedHashMap::new, Collectors.toList()))
        .values().stream()
        .filter(subs -> subs.size() > 1)
        .map(
            subs ->
                problem(
                    subs.get(0),
                    "EdgeServer",
                    "Edge server '" + subs.get(0).edgeServer() + "' is subscribed " + subs.size() + " times (sites "
                        + subs.stream().map(EdgeSubscription::site).collect(Collectors.joining(", "))
                        + "): keep one subscription per EdgeServer and remove the others"));
  }

  private static boolean siteExists(OrganizationConfig org, String site) {
    return org.sites().stream().anyMatch(s -> s.name().equalsIgnoreCase(site));
  }

  private static ValidationProblem unknownSite(SiteLink link, String site) {
    return new ValidationProblem(
        "site link '" + link.name() + "'",
        "Sites",
        "site '" + site + "' does not exist: create it, or remove it from the link's Sites");
  }

  private static ValidationProblem problem(EdgeSubscription sub, String property, String message) {
    return new ValidationProblem("Edge subscription of '" + sub.edgeServer() + "'", property, message);
  }
}
