package dev.sluice.node.delivery;

import dev.sluice.node.spool.Recipient;
import dev.sluice.routing.RoutingTable;
import dev.sluice.routing.decision.NextHop;
import dev.sluice.routing.decision.RoutingDecision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Splits a message's recipients by next hop (delivery type, next-hop domain, connector): each recipient is
 * resolved with the routing table, and recipients whose paths agree stay together, so a message for several
 * recipients of one destination goes out once (delayed fan-out). Pure and thread-safe.
 */
public final class Categorizer {
  private Categorizer() {}

  /**
   * One next hop of a message: the decision of its first recipient (the others share the next hop, so
   * the same connector and target) and every recipient that goes there, in the envelope's order.
   */
  public record Route(NextHop nextHop, RoutingDecision decision, List<String> recipients) {
    public Route {
      Objects.requireNonNull(nextHop, "next hop");
      Objects.requireNonNull(decision, "decision");
      recipients = List.copyOf(recipients);
    }
  }

  /** The routes of {@code recipients} of a message of {@code size} octets handled by {@code localServer}. */
  public static List<Route> split(RoutingTable table, String localServer, List<Recipient> recipients, long size) {
    return split(table, localServer, recipients, size, java.util.Optional.empty());
  }

  /**
   * The routes of {@code recipients}; when the message came in on a Receive connector linked to Send connector
   * {@code linked}, every recipient goes through that connector, bypassing selection.
   */
  public static List<Route> split(RoutingTable table, String localServer, List<Recipient> recipients, long size,
      java.util.Optional<String> linked) {
    Map<NextHop, RoutingDecision> decisions = new LinkedHashMap<>();
    Map<NextHop, List<String>> grouped = new LinkedHashMap<>();
    for (Recipient recipient : recipients) {
      RoutingDecision decision = linked.isPresent()
          ? table.resolveThrough(localServer, linked.get(), recipient.address(), size)
          : table.resolve(localServer, recipient.address(), size);
      // Decisions that move no mail name why in their text; recipients with different reasons stay apart.
      NextHop hop = decision instanceof RoutingDecision.Deliver || decision instanceof RoutingDecision.RelayToSourceServers
          || decision instanceof RoutingDecision.RelayToSite
          ? decision.nextHop() : new NextHop(decision.nextHop().type(), kindOf(decision), "");
      decisions.putIfAbsent(hop, decision);
      grouped.computeIfAbsent(hop, h -> new ArrayList<>()).add(recipient.address());
    }
    List<Route> routes = new ArrayList<>();
    grouped.forEach((hop, addresses) -> routes.add(new Route(hop, decisions.get(hop), addresses)));
    return List.copyOf(routes);
  }

  private static String kindOf(RoutingDecision decision) {
    return decision.getClass().getSimpleName();
  }
}
