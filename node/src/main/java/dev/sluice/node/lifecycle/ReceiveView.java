package dev.sluice.node.lifecycle;

import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.Member;
import dev.sluice.node.config.HostPort;
import dev.sluice.node.receive.ReceiveConnectorMatcher;
import dev.sluice.routing.model.TransportServer;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the receive path reads of one directory snapshot for one server, worked out once per snapshot
 * rather than per connection or message: the matcher of the server's Receive connectors, the addresses of
 * the live members' SMTP endpoints (the organization's nodes), and the FQDNs of the configured servers
 * (local hops).
 *
 * @param snapshot the snapshot it was made from
 * @param matcher this server's Receive connectors, parsed
 * @param memberHosts the address literals of live members' SMTP endpoints (names are left out: the event
 *     loop must not wait for DNS)
 * @param serverFqdns the FQDNs of every configured transport server
 */
public record ReceiveView(DirectorySnapshot snapshot, ReceiveConnectorMatcher matcher, Set<InetAddress> memberHosts,
    Set<String> serverFqdns) {

  public static ReceiveView of(DirectorySnapshot snapshot, String server) {
    ReceiveConnectorMatcher matcher = ReceiveConnectorMatcher.of(snapshot.config().receiveConnectors().stream()
        .filter(r -> r.server().equalsIgnoreCase(server)).toList());
    Set<InetAddress> hosts = new HashSet<>();
    for (Member member : snapshot.members().values()) {
      literal(member.smtpEndpoint()).ifPresent(hosts::add);
    }
    Set<String> fqdns = snapshot.config().servers().stream().map(TransportServer::fqdn).collect(Collectors.toSet());
    return new ReceiveView(snapshot, matcher, Set.copyOf(hosts), Set.copyOf(fqdns));
  }

  private static Optional<InetAddress> literal(String endpoint) {
    if (endpoint.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(NetUtil.createInetAddressFromIpAddressString(HostPort.parse(endpoint).host()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The view of the snapshot in use, made again only when the snapshot changes. Thread-safe: threads that
   * race on a new snapshot each make an equal view.
   */
  public static final class Current implements Supplier<Optional<ReceiveView>> {
    private final Supplier<Optional<DirectorySnapshot>> snapshots;
    private final String server;
    private final AtomicReference<ReceiveView> last = new AtomicReference<>();

    public Current(Supplier<Optional<DirectorySnapshot>> snapshots, String server) {
      this.snapshots = snapshots;
      this.server = server;
    }

    @Override
    public Optional<ReceiveView> get() {
      Optional<DirectorySnapshot> snapshot = snapshots.get();
      if (snapshot.isEmpty()) {
        return Optional.empty();
      }
      ReceiveView view = last.get();
      if (view == null || view.snapshot() != snapshot.get()) {
        view = of(snapshot.get(), server);
        last.set(view);
      }
      return Optional.of(view);
    }
  }
}
