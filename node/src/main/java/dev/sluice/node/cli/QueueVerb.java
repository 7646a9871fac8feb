package dev.sluice.node.cli;

import dev.sluice.directory.Member;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.Versioned;
import dev.sluice.directory.secrets.ClusterKey;
import dev.sluice.node.admin.AdminClient;
import dev.sluice.node.admin.AdminException;
import dev.sluice.node.config.HostPort;
import dev.sluice.routing.model.TransportServer;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A verb on one node's queues: it finds the node's registration under {@code /runtime/members} in the
 * directory, then asks the admin endpoint registered there, signing with the cluster key file.
 *
 * <p>The node is {@code --server}, else the server part of the queue identity ({@code HUB1} of
 * {@code HUB1\3}), else the only node running; with several running and none named, the verb refuses and
 * lists them. A node not running is a refusal (1), an endpoint that does not answer 3, a signature the
 * node refuses 4, as for the directory. Single-threaded, one per command line.
 */
abstract class QueueVerb implements Callable<Integer> {
  @Mixin ZooKeeperOptions zookeeper;
  @Spec CommandSpec spec;

  @Option(names = "--server", paramLabel = "NAME",
      description = "The node whose queues these are (default: the server of the identity, or the only node running).")
  String server;

  @Option(names = "--cluster-key-file", paramLabel = "FILE", defaultValue = SmartHostSecrets.DEFAULT_KEY_FILE,
      description = "The cluster key file the nodes share, which signs the request (default: ${DEFAULT-VALUE}).")
  Path clusterKeyFile;

  /** The queue identity the verb names, or null: its server part names the node. */
  abstract String queueIdentity();

  /** Does the verb's work against {@code node}'s endpoint; {@code queue} is the identity qualified with the server. */
  abstract void run(AdminClient node, Optional<String> queue);

  @Override
  public final Integer call() {
    Optional<String> named = serverOf(queueIdentity());
    if (server != null && named.isPresent() && !named.get().equalsIgnoreCase(server)) {
      throw CliException.usage("the queue " + queueIdentity() + " is on " + named.get() + ", not on --server " + server
          + ": give one of them");
    }
    ClusterKey key = ClusterKey.load(clusterKeyFile);
    Member member;
    HostPort endpoint;
    try (DirectorySession session = zookeeper.open()) {
      member = choose(session.directory().members(), server != null ? Optional.of(server) : named);
      endpoint = endpoint(member, session);
    }
    Optional<String> queue = Optional.ofNullable(queueIdentity())
        .map(id -> id.indexOf('\\') < 0 ? member.server() + "\\" + id : id);
    try {
      run(new AdminClient(endpoint, key, Clock.systemUTC(), zookeeper.connectTimeout), queue);
    } catch (AdminException e) {
      throw failure(e, member);
    }
    out().flush();
    return ExitCodes.OK;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** The server part of a queue identity: {@code HUB1} of {@code HUB1\3}. */
  static Optional<String> serverOf(String identity) {
    int slash = identity == null ? -1 : identity.indexOf('\\');
    return slash > 0 ? Optional.of(identity.substring(0, slash)) : Optional.empty();
  }

  /** The member {@code server} names, or the only one; otherwise a refusal that lists the running nodes. */
  static Member choose(List<Member> members, Optional<String> server) {
    String running = members.isEmpty() ? "no node is running"
        : "running: " + String.join(", ", members.stream().map(Member::server).sorted(String.CASE_INSENSITIVE_ORDER)
            .toList());
    if (server.isPresent()) {
      return members.stream().filter(m -> m.server().equalsIgnoreCase(server.get())).findFirst()
          .orElseThrow(() -> CliException.refused("node " + server.get() + " is not running: it is not registered in"
              + " the directory (" + running + "); start it, or name a running one with --server"));
    }
    if (members.size() == 1) {
      return members.get(0);
    }
    if (members.isEmpty()) {
      throw CliException.refused("no node is running: none is registered in the directory; start one (sluice node),"
          + " or check --zookeeper and --root");
    }
    throw CliException.usage(members.size() + " nodes are running (" + running.substring("running: ".length())
        + "): name one with --server, or give a queue identity such as " + members.get(0).server() + "\\3");
  }

  /** Where to reach {@code member}'s admin endpoint: as registered, or its FQDN when it listens on every address. */
  private static HostPort endpoint(Member member, DirectorySession session) {
    if (member.adminEndpoint().isEmpty()) {
      throw CliException.refused("node " + member.server() + " registered no admin endpoint: it runs a Sluice"
          + " without one; upgrade it");
    }
    HostPort registered;
    try {
      registered = HostPort.parse(member.adminEndpoint());
    } catch (IllegalArgumentException e) {
      throw CliException.refused("node " + member.server() + " registered the admin endpoint " + e.getMessage());
    }
    if (!wildcard(registered.host())) {
      return registered;
    }
    // 0.0.0.0 is every address of that machine, which is here only when the CLI runs on it: its name is not.
    String fqdn = session.directory().get(ObjectKind.SERVER, member.server()).map(Versioned::value)
        .map(TransportServer::fqdn)
        .orElseThrow(() -> CliException.refused("node " + member.server() + " listens for admin on every address ("
            + registered + ") and has no transport server to name the machine: set its admin.listen to an address"));
    return new HostPort(fqdn, registered.port());
  }

  private static boolean wildcard(String host) {
    if (!host.matches("[0-9.:]+")) {
      return false; // a name: never looked up here
    }
    try {
      return InetAddress.getByName(host).isAnyLocalAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private CliException failure(AdminException e, Member member) {
    String node = "node " + member.server() + " (admin endpoint " + e.endpoint() + ")";
    return switch (e.kind()) {
      case UNREACHABLE -> new CliException(ExitCodes.UNREACHABLE, e.getMessage() + ": is " + member.server()
          + " running, and is that address reachable from here (its admin.listen)?");
      case UNAUTHORIZED -> new CliException(ExitCodes.ACCESS_DENIED, node + " refused the request signed with the"
          + " cluster key file " + clusterKeyFile + ": " + e.reason());
      case NOT_FOUND -> CliException.refused(e.reason());
      case FAILED -> CliException.refused(node + " failed: " + e.reason());
    };
  }
}
