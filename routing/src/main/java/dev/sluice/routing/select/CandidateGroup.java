package dev.sluice.routing.select;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.address.AddressSpaceIndex.Match;
import dev.sluice.routing.model.Connector;
import dev.sluice.routing.balance.ServerRing;
import java.util.List;
import java.util.Map;

/**
 * The matches of one answer of the address-space index, packed for the routing hot path: every
 * figure selection compares, for every candidate, in one int array read front to back.
 *
 * <p>Built once per distinct answer when the routing table is built (or on the spot for the rare
 * IMCEA answers), then immutable and safe to share. Selection reads the candidates' connectors only
 * for the winner, so resolving a recipient touches a few cache lines rather than a dozen objects per
 * candidate.
 */
public final class CandidateGroup {
  static final int SPECIFICITY = 0;
  static final int COST = 1;
  static final int FLAGS = 2;
  static final int RANK = 3;
  static final int MAX_SIZE_HIGH = 4;
  static final int MAX_SIZE_LOW = 5;
  static final int SITES_AT = 6;
  static final int SITES_COUNT = 7;
  static final int SERVERS_AT = 8;
  static final int SERVERS_COUNT = 9;
  static final int STRIDE = 10;

  static final int ENABLED = 1;
  static final int SCOPED = 2;
  static final int EDGE_SOURCED = 4;

  public static final CandidateGroup EMPTY = new CandidateGroup(0, new int[0], new Object[0]);

  final int size;
  /**
   * {@link #STRIDE} ints per candidate, at the offsets above, then the site and server numbers they
   * point into: one array, so that reading a candidate's numbers stays on the lines just read.
   */
  final int[] data;
  /**
   * The objects of the candidates, in one array for the same reason: each candidate's
   * {@link ConnectorView} at {@code i}, its {@link AddressSpace} at {@code size + i}, and at
   * {@code 2 * size + k - size * STRIDE} the {@link ServerRing} of the site whose number is at {@code data[k]}.
   */
  final Object[] refs;

  private CandidateGroup(int size, int[] data, Object[] refs) {
    this.size = size;
    this.data = data;
    this.refs = refs;
  }

  ConnectorView view(int candidate) {
    return (ConnectorView) refs[candidate];
  }

  AddressSpace space(int candidate) {
    return (AddressSpace) refs[size + candidate];
  }

  /** Packs {@code matches} (most specific first); {@code ranks} gives each connector's place in name order. */
  public static CandidateGroup of(List<Match<ConnectorView>> matches, Map<ConnectorView, Integer> ranks) {
    if (matches.isEmpty()) {
      return EMPTY;
    }
    int n = matches.size();
    int numberCount = 0;
    for (Match<ConnectorView> m : matches) {
      numberCount += m.entry().value().siteNumbers().length + m.entry().value().serverNumbers().length;
    }
    int[] data = new int[n * STRIDE + numberCount];
    Object[] refs = new Object[2 * n + numberCount];
    int next = n * STRIDE;
    for (int i = 0; i < n; i++) {
      Match<ConnectorView> m = matches.get(i);
      ConnectorView view = m.entry().value();
      Connector connector = view.connector();
      AddressSpace space = m.entry().space();
      refs[i] = view;
      refs[n + i] = space;
      int at = i * STRIDE;
      long max = connector.maxMessageSize().bytes();
      data[at + SPECIFICITY] = m.specificity();
      data[at + COST] = space.cost();
      data[at + FLAGS] = (connector.enabled() ? ENABLED : 0) | (connector.isScoped(space) ? SCOPED : 0)
          | (view.edgeSourced() ? EDGE_SOURCED : 0);
      data[at + RANK] = ranks.get(view);
      data[at + MAX_SIZE_HIGH] = (int) (max >>> 32);
      data[at + MAX_SIZE_LOW] = (int) max;
      data[at + SITES_AT] = next;
      data[at + SITES_COUNT] = view.siteNumbers().length;
      System.arraycopy(view.siteNumbers(), 0, data, next, view.siteNumbers().length);
      for (int k = 0; k < view.siteNumbers().length; k++) {
        refs[2 * n + next - n * STRIDE + k] = view.serversPerSite().get(k);
      }
      next += view.siteNumbers().length;
      data[at + SERVERS_AT] = next;
      data[at + SERVERS_COUNT] = view.serverNumbers().length;
      System.arraycopy(view.serverNumbers(), 0, data, next, view.serverNumbers().length);
      next += view.serverNumbers().length;
    }
    return new CandidateGroup(n, data, refs);
  }

  public int size() {
    return size;
  }

  long maxMessageSize(int candidate) {
    int at = candidate * STRIDE;
    return ((long) data[at + MAX_SIZE_HIGH] << 32) | (data[at + MAX_SIZE_LOW] & 0xffff_ffffL);
  }

  /** The source servers of candidate {@code candidate} in the site numbered {@code site} (empty when none). */
  ServerRing serversInSite(int candidate, int site) {
    int at = candidate * STRIDE;
    for (int k = data[at + SITES_AT], end = k + data[at + SITES_COUNT]; k < end; k++) {
      if (data[k] == site) {
        return (ServerRing) refs[2 * size + k - size * STRIDE];
      }
    }
    return ServerRing.EMPTY;
  }

  /** Whether server number {@code server} is a source server of candidate {@code candidate}. */
  boolean hasSourceServer(int candidate, int server) {
    int at = candidate * STRIDE;
    for (int k = data[at + SERVERS_AT], end = k + data[at + SERVERS_COUNT]; k < end; k++) {
      if (data[k] == server) {
        return true;
      }
    }
    return false;
  }
}
