package dev.sluice.routing;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.address.AddressSpaceIndex.Entry;
import dev.sluice.routing.address.AddressSpaceIndex.Match;
import dev.sluice.routing.balance.BalanceContext;
import dev.sluice.routing.balance.Liveness;
import dev.sluice.routing.decision.Candidate;
import dev.sluice.routing.decision.EnhancedStatus;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.select.CandidateGroups;
import dev.sluice.routing.select.ConnectorSelector;
import dev.sluice.routing.select.ConnectorSelector.Selection;
import dev.sluice.routing.select.ConnectorView;
import dev.sluice.routing.select.LocalServer;
import dev.sluice.routing.select.NextHopPlanner;
import dev.sluice.routing.select.ScoredCandidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which Send connector each Receive connector is linked to (LinkedReceiveConnector), and the resolution
 * of a recipient through one named Send connector: mail received on a linked Receive connector leaves
 * through its Send connector, bypassing address-space selection.
 *
 * <p>Immutable and thread-safe, built with the routing table. Every Send connector is packed as a group
 * of its own, so that the one it names is weighed by {@link ConnectorSelector} (disabled, Edge, scope,
 * MaxMessageSize, reachable source servers) and planned by {@link NextHopPlanner} exactly as a connector
 * that selection picked; nothing here is remembered, so no {@link dev.sluice.routing.select.SelectionMemo}
 * ever holds a winner that did not come from selection. Never throws for bad configuration: a name that
 * is not an enabled, usable Send connector is Unreachable, with the reason.
 *
 * <p>Address spaces are not consulted, whatever their type: a connector whose spaces are {@code --} or
 * of a non-SMTP type carries the linked Receive connector's mail like any other (validation makes such a
 * connector relay to smart hosts; a DNS-routed one would deliver to the recipient domain's MX, as when
 * selected). They only give the scope: the connector is usable only from its source servers' site when
 * it is IsScopedConnector, or when every one of its spaces is {@code Local:} (no space of it may be used
 * from elsewhere).
 */
final class LinkedConnectors {
  private final ConnectorSelector selector;
  private final NextHopPlanner planner;
  /** One group per Send connector, over the connectors of the table's groups. */
  private final CandidateGroups groups;
  /** By Send connector name in lower case, its group in {@link #groups}. */
  private final Map<String, Integer> groupOf;
  /** The Foreign connectors' names in lower case: named apart, so that the reason can say what they are. */
  private final Set<String> foreign;
  /** By Receive connector name in lower case, the enabled Send connector that links it (first in name order). */
  private final Map<String, String> byReceiveConnector;
  /** The same by source server and Receive connector, {@code server\name} in lower case. */
  private final Map<String, String> byServerAndReceiveConnector;

  /** The links of {@code views} (in name order), packed over {@code tableGroups}. */
  LinkedConnectors(List<ConnectorView> views, CandidateGroups tableGroups, ConnectorSelector selector,
      NextHopPlanner planner) {
    this.selector = selector;
    this.planner = planner;
    CandidateGroups.Builder packer = tableGroups.more();
    Map<String, Integer> groupOf = new HashMap<>();
    Set<String> foreign = new HashSet<>();
    Map<String, String> byName = new HashMap<>();
    Map<String, String> byServer = new HashMap<>();
    for (ConnectorView view : views) {
      if (!(view.connector() instanceof SendConnector send)) {
        foreign.add(view.nameKey());
        continue;
      }
      Match<ConnectorView> only = new Match<>(new Entry<>(scopeOf(send), view), 0);
      groupOf.putIfAbsent(view.nameKey(), packer.add(List.of(only)));
      if (send.enabled() && send.linkedReceiveConnector().isPresent()) {
        String receive = send.linkedReceiveConnector().get().toLowerCase(Locale.ROOT);
        byName.putIfAbsent(receive, send.name());
        for (String server : send.sourceTransportServers()) {
          byServer.putIfAbsent(key(server, receive), send.name());
        }
      }
    }
    this.groups = packer.build();
    this.groupOf = Map.copyOf(groupOf);
    this.foreign = Set.copyOf(foreign);
    this.byReceiveConnector = Map.copyOf(byName);
    this.byServerAndReceiveConnector = Map.copyOf(byServer);
  }

  /**
   * The space the connector is weighed with: one that is not {@code Local:} when it has any, so that it
   * is scoped as described in the class comment; a connector without spaces (which validation refuses)
   * gets {@code *}, scoped by IsScopedConnector alone.
   */
  private static AddressSpace scopeOf(SendConnector send) {
    return send.addressSpaces().stream().filter(space -> !space.local()).findFirst()
        .or(() -> send.addressSpaces().stream().findFirst())
        .orElse(AddressSpace.smtp("*"));
  }

  private static String key(String server, String receiveConnector) {
    return server.toLowerCase(Locale.ROOT) + "\\" + receiveConnector.toLowerCase(Locale.ROOT);
  }

  Optional<String> linkedSendConnector(String receiveConnector) {
    return Optional.ofNullable(byReceiveConnector.get(receiveConnector.toLowerCase(Locale.ROOT)));
  }

  Optional<String> linkedSendConnector(String server, String receiveConnector) {
    return Optional.ofNullable(byServerAndReceiveConnector.get(key(server, receiveConnector)));
  }

  /** What {@code resolve} would give on {@code here} had selection picked {@code connector}. */
  RoutingDecision resolveThrough(LocalServer here, String connector, String recipient, long messageSize,
      Liveness liveness, BalanceContext balance) {
    String name = connector.toLowerCase(Locale.ROOT);
    Integer group = groupOf.get(name);
    if (group == null) {
      return new RoutingDecision.Unreachable(foreign.contains(name)
          ? connector + " is a Foreign connector, which has no LinkedReceiveConnector: link the Receive connector"
              + " to a Send connector"
          : "no Send connector named " + connector + " is in the directory");
    }
    Selection selection = selector.select(groups, group, here, messageSize, null);
    if (selection instanceof ScoredCandidate through) {
      return planner.plan(through, here, recipient, liveness, balance);
    }
    if (((Selection.NoneUsable) selection).tooBig()) {
      return new RoutingDecision.Failed("the message of " + messageSize + " bytes is larger than the MaxMessageSize of"
          + " Send connector " + connector, EnhancedStatus.MESSAGE_TOO_BIG);
    }
    // Rare, and the operator needs the reason: weigh it again to hear why it was dropped.
    List<Candidate> why = new ArrayList<>(1);
    selector.select(groups, group, here, messageSize, why);
    String dropped = why.isEmpty() ? "unusable" : why.get(0).outcome().replaceFirst("^dropped: ", "");
    return new RoutingDecision.Unreachable(
        "Send connector " + connector + " cannot be used from " + here.server().name() + ": " + dropped);
  }
}
