package dev.sluice.routing.model;

/**
 * An Active Directory site: a set of transport servers that reach each other directly.
 *
 * @param name the site's name, unique in the organization (compared case-insensitively)
 * @param hubSite whether the site is a hub site: mail on a least-cost path that crosses it stops there
 *     and is relayed on by one of its hubs (Exchange's {@code Set-AdSite -HubSiteEnabled})
 */
public record Site(String name, boolean hubSite) {
  public Site {
    name = Names.requireName(name, "site name");
  }

  /** A site that is not a hub site. */
  public static Site of(String name) {
    return new Site(name, false);
  }
}
