package dev.sluice.routing.model;

/**
 * The subscription of an Edge server to a site, which makes its hubs and the Edge reach each other.
 *
 * @param edgeServer the subscribed Edge server
 * @param site the site whose hubs it exchanges mail with
 */
public record EdgeSubscription(String edgeServer, String site) {
  public EdgeSubscription {
    edgeServer = Names.requireName(edgeServer, "Edge server of the subscription");
    site = Names.requireName(site, "site of the Edge subscription of " + edgeServer);
  }
}
