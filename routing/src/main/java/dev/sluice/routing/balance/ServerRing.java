package dev.sluice.routing.balance;

import dev.sluice.routing.model.TransportServer;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed set of servers in the balancer's base order, with the rotations of plain round robin made
 * once: what a connector's source servers in one site, or the hubs of a site, are to the balancer.
 *
 * <p>Immutable and thread-safe. Built when the routing table is built, so that choosing the order for
 * a recipient when nothing is known but that every server is alive is an array read, not a sort.
 */
public final class ServerRing {
  /** Rings larger than this compute their rotations on demand rather than holding n² entries. */
  static final int PRECOMPUTED_LIMIT = 16;

  public static final ServerRing EMPTY = new ServerRing(List.of());

  private final List<TransportServer> members;
  private final List<List<TransportServer>> rotations;

  private ServerRing(List<TransportServer> sorted) {
    this.members = sorted;
    List<List<TransportServer>> all = new ArrayList<>();
    if (sorted.size() <= PRECOMPUTED_LIMIT) {
      for (int first = 0; first < sorted.size(); first++) {
        all.add(rotate(sorted, first));
      }
    }
    this.rotations = List.copyOf(all);
  }

  /** The ring of {@code servers}, put in the balancer's base order. */
  public static ServerRing of(List<TransportServer> servers) {
    if (servers.isEmpty()) {
      return EMPTY;
    }
    List<TransportServer> sorted = new ArrayList<>(servers);
    sorted.sort(Balancer.BY_SERVER_NAME);
    return new ServerRing(List.copyOf(sorted));
  }

  /** The servers in base order. */
  public List<TransportServer> members() {
    return members;
  }

  public boolean isEmpty() {
    return members.isEmpty();
  }

  /** Plain round robin: the members starting at {@code rotation mod n}, wrapping round. */
  List<TransportServer> rotation(long rotation) {
    if (members.size() <= 1) {
      return members;
    }
    int first = Math.floorMod(rotation, members.size());
    return rotations.isEmpty() ? rotate(members, first) : rotations.get(first);
  }

  private static List<TransportServer> rotate(List<TransportServer> sorted, int first) {
    List<TransportServer> out = new ArrayList<>(sorted.size());
    for (int i = 0; i < sorted.size(); i++) {
      out.add(sorted.get((first + i) % sorted.size()));
    }
    return List.copyOf(out);
  }
}
