package dev.sluice.routing.balance;

import dev.sluice.routing.model.SmartHost;
import dev.sluice.routing.model.TransportServer;
import java.util.List;

/** STUB API: orders source servers and smart hosts. */
public final class Balancer {
  private Balancer() {}

  /** Live servers in the order to try them; dead ones left out, failing ones last. */
  public static List<TransportServer> orderServers(
      List<TransportServer> candidates, Liveness liveness, BalanceContext context) {
    throw new UnsupportedOperationException("stub");
  }

  /** Smart hosts in the order to try them; failing ones last. */
  public static List<SmartHost> orderSmartHosts(
      List<SmartHost> candidates, Liveness liveness, BalanceContext context) {
    throw new UnsupportedOperationException("stub");
  }
}
