package dev.sluice.routing;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.address.AddressSpaceIndex;
import dev.sluice.routing.address.Imcea;
import dev.sluice.routing.balance.BalanceContext;
import dev.sluice.routing.balance.Liveness;
import dev.sluice.routing.balance.ServerRing;
import dev.sluice.routing.decision.Candidate;
import dev.sluice.routing.decision.EnhancedStatus;
import dev.sluice.routing.decision.Explanation;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.model.Connector;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.TransportServer;
import dev.sluice.routing.select.CandidateGroups;
import dev.sluice.routing.select.ConnectorSelector;
import dev.sluice.routing.select.ConnectorSelector.Selection;
import dev.sluice.routing.select.ConnectorView;
import dev.sluice.routing.select.LocalServer;
import dev.sluice.routing.select.NextHopPlanner;
import dev.sluice.routing.select.ScoredCandidate;
import dev.sluice.routing.select.SelectionMemo;
import dev.sluice.routing.topology.SiteTopology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The routing brain's facade: built from one directory snapshot, it resolves a recipient on a server
 * to a decision (deliver, relay, Unreachable, Failed or Deferred).
 *
 * <p>Immutable and thread-safe: a new snapshot builds a new table, which the caller swaps in
 * atomically; {@link #withLiveness} makes a table that shares the address-space index and the topology,
 * so a change of who is alive does not rebuild them. Resolution never throws for bad configuration
 * (it routes around it) and costs O(labels of the recipient's domain) plus the matching connectors, or
 * only the labels once the winner for that answer and server is remembered ({@link SelectionMemo}).
 */
public final class RoutingTable {
  private final Optional<Compiled> compiled;
  private final String deferredReason;
  private final Liveness liveness;

  /** What a snapshot compiles to; shared by tables that differ only in liveness. */
  private record Compiled(
      OrganizationConfig config,
      SiteTopology topology,
      AddressSpaceIndex.Compiled<ConnectorView> index,
      CandidateGroups groups,
      Map<String, SelectionMemo> localServers,
      ConnectorSelector selector,
      NextHopPlanner planner,
      LinkedConnectors linked) {

    /**
     * The server called {@code name}, with the winners remembered for it: by the name as given first,
     * so the hot path hashes a cached hash.
     */
    SelectionMemo localServer(String name) {
      SelectionMemo local = localServers.get(name);
      if (local == null) {
        local = localServers.get(name.toLowerCase(Locale.ROOT));
      }
      return local;
    }

    /**
     * Selects among the candidates of {@code recipient}: the group packed for its answer, or for an
     * IMCEA answer, a group packed on the spot; without an explanation to give, a winner remembered
     * for the group.
     */
    Selection select(String recipient, SelectionMemo memo, long messageSize, List<Candidate> explanation) {
      int group = index.match(recipient);
      if (group == AddressSpaceIndex.Compiled.ON_THE_SPOT) {
        return selector.select(groups.onTheSpot(index.matches(recipient)), 0, memo.local(), messageSize, explanation);
      }
      if (explanation == null) {
        return memo.select(group, messageSize);
      }
      return selector.select(groups, group, memo.local(), messageSize, explanation);
    }
  }

  private RoutingTable(Optional<Compiled> compiled, String deferredReason, Liveness liveness) {
    this.compiled = compiled;
    this.deferredReason = deferredReason;
    this.liveness = liveness;
  }

  /** A table for a node that has no complete directory snapshot yet: every recipient is Deferred. */
  public static RoutingTable deferred(String reason) {
    return new RoutingTable(Optional.empty(), Objects.requireNonNull(reason), Liveness.allLive());
  }

  /** Builds the table of {@code config}, taking every configured server as alive. */
  public static RoutingTable build(OrganizationConfig config) {
    return build(config, Liveness.allLive());
  }

  /** Builds the table of {@code config} with the given liveness. */
  public static RoutingTable build(OrganizationConfig config, Liveness liveness) {
    SiteTopology topology =
        SiteTopology.build(config.sites(), config.siteLinks(), config.servers(), config.edgeSubscriptions());
    List<AddressSpaceIndex.Entry<ConnectorView>> entries = new ArrayList<>();
    List<ConnectorView> views = new ArrayList<>();
    // One ring per distinct set of source servers: a few hundred rings, shared, stay in cache.
    Map<List<TransportServer>, ServerRing> rings = new HashMap<>();
    Function<List<TransportServer>, ServerRing> ringOf = servers -> {
      ServerRing ring = ServerRing.of(servers);
      return rings.computeIfAbsent(ring.members(), members -> ring);
    };
    for (Connector connector : config.connectors()) {
      ConnectorView view = ConnectorView.of(connector, topology, ringOf);
      views.add(view);
      for (AddressSpace space : connector.addressSpaces()) {
        entries.add(new AddressSpaceIndex.Entry<>(space, view));
      }
    }
    // The last tie-break is the connector name: rank the connectors in name order once.
    views.sort(Comparator.comparing(ConnectorView::nameKey));
    Map<ConnectorView, Integer> ranks = new IdentityHashMap<>();
    for (ConnectorView view : views) {
      ranks.put(view, ranks.size());
    }
    // Each answer of the index is packed once, here, so that resolving reads one packed group.
    CandidateGroups.Builder packer = new CandidateGroups.Builder(ranks);
    AddressSpaceIndex.Compiled<ConnectorView> index =
        AddressSpaceIndex.buildCompiled(entries, config.acceptedDomains(), packer::add);
    CandidateGroups groups = packer.build();
    ConnectorSelector selector = new ConnectorSelector(topology);
    Map<String, SelectionMemo> localServers = new HashMap<>();
    for (TransportServer server : config.servers()) {
      topology.server(server.name()).ifPresent(configured -> {
        SelectionMemo local = new SelectionMemo(selector, groups, LocalServer.of(configured, topology));
        localServers.putIfAbsent(configured.name(), local);
        localServers.putIfAbsent(configured.name().toLowerCase(Locale.ROOT), local);
      });
    }
    NextHopPlanner planner = new NextHopPlanner(topology);
    Compiled compiled = new Compiled(config, topology, index, groups, Map.copyOf(localServers),
        selector, planner, new LinkedConnectors(views, groups, selector, planner));
    return new RoutingTable(Optional.of(compiled), "", Objects.requireNonNull(liveness));
  }

  /** This table with other liveness: shares the index and the topology. */
  public RoutingTable withLiveness(Liveness newLiveness) {
    return new RoutingTable(compiled, deferredReason, Objects.requireNonNull(newLiveness));
  }

  /** The configuration this table was built from, unless it is deferred. */
  public Optional<OrganizationConfig> config() {
    return compiled.map(Compiled::config);
  }

  /** The site topology of the configuration, unless the table is deferred. */
  public Optional<SiteTopology> topology() {
    return compiled.map(Compiled::topology);
  }

  public Liveness liveness() {
    return liveness;
  }

  /** Resolves with the balancer's first rotation. */
  public RoutingDecision resolve(String localServer, String recipient, long messageSize) {
    return resolve(localServer, recipient, messageSize, BalanceContext.INITIAL);
  }

  /** Resolves {@code recipient} for a message of {@code messageSize} bytes handled by {@code localServer}. */
  public RoutingDecision resolve(String localServer, String recipient, long messageSize, BalanceContext balance) {
    return decide(localServer, recipient, messageSize, balance, null);
  }

  /**
   * The Send connector linked to Receive connector {@code receiveConnector} (enabled ones only), if
   * any; names are case-insensitive. When several Send connectors link Receive connectors of that name
   * on different source servers, the first in name order: a node asks
   * {@link #linkedSendConnector(String, String)} with its own name.
   */
  public Optional<String> linkedSendConnector(String receiveConnector) {
    return compiled.flatMap(c -> c.linked().linkedSendConnector(receiveConnector));
  }

  /**
   * The Send connector linked to Receive connector {@code receiveConnector} of {@code server}: an
   * enabled one that names it and has {@code server} among its source servers (a Receive connector of
   * another server is never linked, see LinkedReceiveConnector's validation).
   */
  public Optional<String> linkedSendConnector(String server, String receiveConnector) {
    return compiled.flatMap(c -> c.linked().linkedSendConnector(server, receiveConnector));
  }

  /** Resolves through {@code connector} with the balancer's first rotation. */
  public RoutingDecision resolveThrough(String localServer, String connector, String recipient, long messageSize) {
    return resolveThrough(localServer, connector, recipient, messageSize, BalanceContext.INITIAL);
  }

  /**
   * Resolves {@code recipient} through Send connector {@code connector} whatever its address spaces (a
   * linked Receive connector's mail bypasses selection): exactly what {@link #resolve} gives when
   * selection picks that connector. Deliver from here when the local server is one of its source
   * servers, else relay to its source servers (nearest site first, balanced); Failed when the message is
   * larger than its MaxMessageSize; Unreachable when the connector is gone, disabled, a Foreign
   * connector, or unusable from here (an Edge that is not its source server, scoped to another site,
   * source servers unreachable); Deferred as {@link #resolve} is. Address spaces, {@code --} and
   * non-SMTP ones included, are not consulted but for scope: the connector is usable only from its
   * source servers' site when it is IsScopedConnector or every space of it is {@code Local:}. Nothing
   * is remembered, so a later {@link #resolve} of the same recipient selects as usual.
   */
  public RoutingDecision resolveThrough(
      String localServer, String connector, String recipient, long messageSize, BalanceContext balance) {
    SelectionMemo memo = memoOf(localServer);
    if (memo == null) {
      return waiting(localServer);
    }
    Compiled c = compiled.get();
    return c.linked().resolveThrough(memo.local(), connector, recipient, messageSize, liveness, balance);
  }

  /** The winners remembered for {@code localServer}; null while the table or the server is not there yet. */
  private SelectionMemo memoOf(String localServer) {
    return compiled.isEmpty() ? null : compiled.get().localServer(localServer);
  }

  /** Why a recipient on {@code localServer} waits, when {@link #memoOf} has nothing for it. */
  private RoutingDecision waiting(String localServer) {
    return new RoutingDecision.Deferred(compiled.isEmpty() ? deferredReason
        : "server " + localServer + " is not in the directory yet; routing waits for its server object");
  }

  /** A decision with the explanation of why it was taken: every candidate, its specificity and cost. */
  public record Explained(RoutingDecision decision, Explanation explanation) {}

  /** Resolves like {@link #resolve} and says why; slower, for test-route and the logs. */
  public Explained explain(String localServer, String recipient, long messageSize, BalanceContext balance) {
    List<Candidate> considered = new ArrayList<>();
    RoutingDecision decision = decide(localServer, recipient, messageSize, balance, considered);
    Optional<String> winner = decision.connectorName();
    Candidate won = null;
    for (Candidate c : considered) {
      if (c.outcome().equals(USABLE) && winner.isPresent() && c.connector().equals(winner.get())
          && (won == null || c.specificity() > won.specificity())) {
        won = c;
      }
    }
    List<Candidate> ordered = new ArrayList<>();
    if (won != null) {
      ordered.add(withOutcome(won, "won"));
    }
    for (Candidate c : considered) {
      if (c == won) {
        continue;
      }
      ordered.add(c.outcome().equals(USABLE) ? withOutcome(c, "lost: " + lossReason(c, won)) : c);
    }
    return new Explained(decision, new Explanation(winner, ruleOf(decision, won, ordered), ordered));
  }

  private static final String USABLE = ConnectorSelector.USABLE;

  private static Candidate withOutcome(Candidate c, String outcome) {
    return new Candidate(c.connector(), c.addressSpace(), c.specificity(), c.aggregateCost(), c.proximity(), outcome);
  }

  private RoutingDecision decide(
      String localServer, String recipient, long messageSize, BalanceContext balance, List<Candidate> explanation) {
    SelectionMemo memo = memoOf(localServer);
    if (memo == null) {
      return waiting(localServer);
    }
    Compiled c = compiled.get();
    LocalServer local = memo.local();
    TransportServer server = local.server();
    Selection selection = c.select(recipient, memo, messageSize, explanation);
    if (selection instanceof ScoredCandidate winner) {
      return c.planner().plan(winner, local, recipient, liveness, balance);
    }
    Selection.NoneUsable none = (Selection.NoneUsable) selection;
    if (none.tooBig()) {
      return new RoutingDecision.Failed(
          "the message of " + messageSize + " bytes is larger than the MaxMessageSize of every connector for "
              + recipient, EnhancedStatus.MESSAGE_TOO_BIG);
    }
    if (isEncapsulated(recipient) && !none.anyMatched()) {
      return new RoutingDecision.Failed(
          "no connector has an address space for the non-SMTP address " + recipient, EnhancedStatus.UNABLE_TO_ROUTE);
    }
    return new RoutingDecision.Unreachable(
        none.anyMatched()
            ? "no connector that matches " + recipient + " can be used from " + server.name()
            : "no connector has an address space that matches " + recipient);
  }

  /** An IMCEA-encapsulated non-SMTP address ({@code IMCEA<type>-...@domain}). */
  private static boolean isEncapsulated(String recipient) {
    return Imcea.decode(recipient).isPresent();
  }

  private static String lossReason(Candidate loser, Candidate winner) {
    if (winner == null) {
      return "not chosen";
    }
    if (loser.specificity() != winner.specificity()) {
      return "a more specific address space won";
    }
    if (loser.aggregateCost() != winner.aggregateCost()) {
      return "higher aggregate cost (" + loser.aggregateCost() + " against " + winner.aggregateCost() + ")";
    }
    if (loser.proximity() != winner.proximity()) {
      return "source servers farther away";
    }
    return "equal in every rule; the winner's name sorts first";
  }

  private static String ruleOf(RoutingDecision decision, Candidate won, List<Candidate> ordered) {
    if (decision instanceof RoutingDecision.Deferred d) {
      return "deferred: " + d.reason();
    }
    if (won == null) {
      return ordered.isEmpty() ? "no address space matched" : "no matching connector could be used";
    }
    return ordered.stream()
        .filter(c -> c.outcome().startsWith("lost: "))
        .findFirst()
        .map(c -> "won over " + c.connector() + ": " + c.outcome().substring("lost: ".length()))
        .orElse("the only usable connector");
  }
}
