package dev.sluice.node.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.directory.Member;
import dev.sluice.directory.codec.DirectoryCodec;
import dev.sluice.directory.zookeeper.ZooKeeperDirectory;
import dev.sluice.routing.RoutingTable;
import dev.sluice.routing.balance.BalanceContext;
import dev.sluice.routing.balance.Liveness;
import dev.sluice.routing.decision.Candidate;
import dev.sluice.routing.decision.RoutingDecision;
import dev.sluice.routing.decision.RoutingDecision.DeliveryTarget;
import dev.sluice.routing.model.SmartHost;
import dev.sluice.routing.model.TransportServer;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * test-route: the routing decision a server would take now for a recipient, from the directory as it is
 * and the members that are live, with every candidate connector and the rule that decided.
 */
@Command(name = "test-route", description = "Show how a server would route a recipient now, and why.",
    footerHeading = "%nExample:%n", footer = {"  sluice test-route --server HUB1 --recipient user@contoso.com"})
final class TestRouteCommand extends DirectoryVerb {
  @Option(names = "--server", required = true, paramLabel = "SERVER", description = "The server that routes.")
  String server;

  @Option(names = "--recipient", required = true, paramLabel = "ADDRESS", description = "The recipient address.")
  String recipient;

  @Option(names = "--size", defaultValue = "0", paramLabel = "BYTES",
      description = "The message size in bytes (default: ${DEFAULT-VALUE}).")
  long size;

  @Option(names = "--assume-all-live", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      description = "Take every configured server as live, not only the running members (default: false).")
  boolean assumeAllLive;

  @Mixin FormatOption format;

  @Override
  void run(DirectorySession session) {
    ZooKeeperDirectory directory = session.directory();
    Liveness liveness = assumeAllLive
        ? Liveness.allLive()
        : Liveness.of(directory.members().stream().map(Member::server).toList());
    RoutingTable table = RoutingTable.build(directory.readConfig(), liveness);
    RoutingTable.Explained explained = table.explain(server, recipient, size, BalanceContext.INITIAL);
    ObjectNode view = view(explained);
    if (format.json()) {
      out().println(DirectoryCodec.print(view));
    } else {
      print(out(), view);
    }
  }

  private ObjectNode view(RoutingTable.Explained explained) {
    RoutingDecision d = explained.decision();
    ObjectNode view = DirectoryCodec.mapper().createObjectNode();
    view.put("server", server).put("recipient", recipient).put("size", size);
    view.put("decision", d.getClass().getSimpleName());
    view.put("nextHop", d.nextHop().toString());
    d.connectorName().ifPresent(c -> view.put("connector", c));
    ArrayNode hosts = view.putArray("hosts");
    hosts(d).forEach(hosts::add);
    reason(d).ifPresent(r -> view.put("reason", r));
    view.put("rule", explained.explanation().rule());
    ArrayNode candidates = view.putArray("candidates");
    for (Candidate c : explained.explanation().candidates()) {
      candidates.addObject()
          .put("connector", c.connector())
          .put("addressSpace", c.addressSpace().toString())
          .put("specificity", c.specificity())
          .put("aggregateCost", c.aggregateCost())
          .put("proximity", c.proximity())
          .put("outcome", c.outcome());
    }
    return view;
  }

  private static List<String> hosts(RoutingDecision d) {
    if (d instanceof RoutingDecision.Deliver deliver) {
      DeliveryTarget t = deliver.target();
      if (t instanceof DeliveryTarget.SmartHosts s) {
        return s.hosts().stream().map(h -> hostPort(h, s.port())).toList();
      }
      if (t instanceof DeliveryTarget.Mx mx) {
        return List.of("MX of " + mx.domain() + ", port " + mx.port() + (mx.useExternalDnsServers() ? ", external DNS" : ""));
      }
      if (t instanceof DeliveryTarget.OrganizationHubs hubs) {
        return names(hubs.hubs());
      }
      if (t instanceof DeliveryTarget.DropDirectory drop) {
        return List.of(drop.path());
      }
    }
    if (d instanceof RoutingDecision.RelayToSourceServers relay) {
      return names(relay.servers());
    }
    if (d instanceof RoutingDecision.RelayToSite relay) {
      return names(relay.hubs());
    }
    return List.of();
  }

  private static String hostPort(SmartHost host, int port) {
    return host.port().isPresent() ? host.toString() : host + ":" + port;
  }

  private static List<String> names(List<TransportServer> servers) {
    return servers.stream().map(TransportServer::name).toList();
  }

  private static java.util.Optional<String> reason(RoutingDecision d) {
    if (d instanceof RoutingDecision.Unreachable u) {
      return java.util.Optional.of(u.reason());
    }
    if (d instanceof RoutingDecision.Failed f) {
      return java.util.Optional.of(f.reason() + " (" + f.status() + ")");
    }
    if (d instanceof RoutingDecision.Deferred deferred) {
      return java.util.Optional.of(deferred.reason());
    }
    return java.util.Optional.empty();
  }

  private static void print(PrintWriter out, ObjectNode view) {
    ObjectNode summary = view.deepCopy();
    summary.remove("candidates");
    Output.details(out, summary);
    out.println();
    List<String> columns = List.of("connector", "addressSpace", "specificity", "aggregateCost", "proximity", "outcome");
    Table table = new Table(columns.stream().map(Output::heading).toList());
    view.get("candidates").forEach(c -> table.row(columns.stream().map(f -> Output.cell(c.get(f))).toList()));
    table.print(out);
  }
}
