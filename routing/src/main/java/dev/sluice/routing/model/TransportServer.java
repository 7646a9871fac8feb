package dev.sluice.routing.model;

/**
 * A transport server of the organization as configured (not whether it is running: that is liveness).
 *
 * @param name the server's name, unique in the organization (compared case-insensitively)
 * @param role Hub or Edge
 * @param site the site it belongs to
 * @param fqdn the name it gives in EHLO and that other nodes connect to
 */
public record TransportServer(String name, ServerRole role, String site, String fqdn) {
  public TransportServer {
    name = Names.requireName(name, "server name");
    if (role == null) {
      throw new IllegalArgumentException("role of server " + name + " must be HUB or EDGE");
    }
    site = Names.requireName(site, "site of server " + name);
    fqdn = Names.requireName(fqdn, "fqdn of server " + name);
  }

  public static TransportServer hub(String name, String site) {
    return new TransportServer(name, ServerRole.HUB, site, name.toLowerCase(java.util.Locale.ROOT) + ".sluice.test");
  }

  public static TransportServer edge(String name, String site) {
    return new TransportServer(name, ServerRole.EDGE, site, name.toLowerCase(java.util.Locale.ROOT) + ".sluice.test");
  }

  public boolean isHub() {
    return role == ServerRole.HUB;
  }

  public boolean isEdge() {
    return role == ServerRole.EDGE;
  }
}
