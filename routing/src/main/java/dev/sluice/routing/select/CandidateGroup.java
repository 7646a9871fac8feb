package dev.sluice.routing.select;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.address.AddressSpaceIndex.Match;
import dev.sluice.routing.model.Connector;
import dev.sluice.routing.balance.ServerRing;
import dev.sluice.routing.decision.NextHop;
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
  /** Ints per candidate: [specificity | cost | flags], rank, MaxMessageSize, sites, servers. */
  static final int STRIDE = 5;
  private static final int HEAD = 0;
  private static final int RANK = 1;
  private static final int MAX_SIZE = 2;
  private static final int SITES = 3;
  private static final int SERVERS = 4;
  /** A list word: its offset in {@link #data} in the low 20 bits, its length in the high 12. */
  private static final int OFFSET_BITS = 20;
  private static final int OFFSET_MASK = (1 << OFFSET_BITS) - 1;
  private static final int MAX_LIST = (1 << (32 - OFFSET_BITS)) - 1;

  static final int ENABLED = 1;
  static final int SCOPED = 2;
  static final int EDGE_SOURCED = 4;

  public static final CandidateGroup EMPTY = new CandidateGroup(0, new int[0], new Object[0]);

  final int size;
  /**
   * {@link #STRIDE} ints per candidate, laid out as the constants above say, then the site and server numbers they
   * point into: one array, so that reading a candidate's numbers stays on the lines just read.
   */
  final int[] data;
  /**
   * The objects of the candidates, in one array for the same reason: each candidate's
   * {@link ConnectorView} at {@code i}, its {@link AddressSpace} at {@code size + i}, its connector's
   * name at {@code 2 * size + i}, its relay {@link NextHop} at {@code 3 * size + i}, and at
   * {@code 4 * size + k - size * STRIDE} the {@link ServerRing} of the site whose number is at
   * {@code data[k]}. A relay decision is made from these without loading the connector's objects.
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

  String connectorName(int candidate) {
    return (String) refs[2 * size + candidate];
  }

  NextHop relayHop(int candidate) {
    return (NextHop) refs[3 * size + candidate];
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
    Object[] refs = new Object[4 * n + numberCount];
    int next = n * STRIDE;
    for (int i = 0; i < n; i++) {
      Match<ConnectorView> m = matches.get(i);
      ConnectorView view = m.entry().value();
      Connector connector = view.connector();
      AddressSpace space = m.entry().space();
      refs[i] = view;
      refs[n + i] = space;
      refs[2 * n + i] = connector.name();
      refs[3 * n + i] = view.relayHop();
      int at = i * STRIDE;
      int flags = (connector.enabled() ? ENABLED : 0) | (connector.isScoped(space) ? SCOPED : 0)
          | (view.edgeSourced() ? EDGE_SOURCED : 0);
      // A free-text space of over 32,000 characters would overflow 16 bits: such spaces compare equal.
      data[at + HEAD] = Math.min(m.specificity(), 0xffff) | space.cost() << 16 | flags << 24;
      data[at + RANK] = ranks.get(view);
      // Beyond 2 GB the int saturates; such a size is then checked against the connector itself.
      data[at + MAX_SIZE] = (int) Math.min(Integer.MAX_VALUE, connector.maxMessageSize().bytes());
      data[at + SITES] = list(next, view.siteNumbers().length);
      System.arraycopy(view.siteNumbers(), 0, data, next, view.siteNumbers().length);
      for (int k = 0; k < view.siteNumbers().length; k++) {
        refs[4 * n + next - n * STRIDE + k] = view.serversPerSite().get(k);
      }
      next += view.siteNumbers().length;
      data[at + SERVERS] = list(next, view.serverNumbers().length);
      System.arraycopy(view.serverNumbers(), 0, data, next, view.serverNumbers().length);
      next += view.serverNumbers().length;
    }
    return new CandidateGroup(n, data, refs);
  }

  public int size() {
    return size;
  }

  private static int list(int offset, int length) {
    if (offset > OFFSET_MASK || length > MAX_LIST) {
      throw new IllegalStateException("a candidate group of " + offset + " ints does not fit the packed layout");
    }
    return offset | length << OFFSET_BITS;
  }

  int specificity(int candidate) {
    return data[candidate * STRIDE + HEAD] & 0xffff;
  }

  int cost(int candidate) {
    return (data[candidate * STRIDE + HEAD] >>> 16) & 0xff;
  }

  int flags(int candidate) {
    return data[candidate * STRIDE + HEAD] >>> 24;
  }

  /** The connector's place in name order: the last tie-break. */
  int rank(int candidate) {
    return data[candidate * STRIDE + RANK];
  }

  /** Whether candidate {@code candidate}'s MaxMessageSize admits a message of {@code size} bytes. */
  boolean admits(int candidate, long size) {
    int max = data[candidate * STRIDE + MAX_SIZE];
    return size <= max || (max == Integer.MAX_VALUE && view(candidate).connector().maxMessageSize().admits(size));
  }

  /** Where candidate {@code candidate}'s site numbers start in {@link #data}. */
  int sitesFrom(int candidate) {
    return data[candidate * STRIDE + SITES] & OFFSET_MASK;
  }

  /** Where they end (exclusive). */
  int sitesTo(int candidate) {
    int word = data[candidate * STRIDE + SITES];
    return (word & OFFSET_MASK) + (word >>> OFFSET_BITS);
  }

  /** The source servers of candidate {@code candidate} in the site numbered {@code site} (empty when none). */
  ServerRing serversInSite(int candidate, int site) {
    for (int k = sitesFrom(candidate), end = sitesTo(candidate); k < end; k++) {
      if (data[k] == site) {
        return (ServerRing) refs[4 * size + k - size * STRIDE];
      }
    }
    return ServerRing.EMPTY;
  }

  /** Whether server number {@code server} is a source server of candidate {@code candidate}. */
  boolean hasSourceServer(int candidate, int server) {
    int word = data[candidate * STRIDE + SERVERS];
    for (int k = word & OFFSET_MASK, end = k + (word >>> OFFSET_BITS); k < end; k++) {
      if (data[k] == server) {
        return true;
      }
    }
    return false;
  }
}
