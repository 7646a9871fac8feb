package dev.sluice.routing.select;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.address.AddressSpaceIndex.Match;
import dev.sluice.routing.balance.ServerRing;
import dev.sluice.routing.decision.NextHop;
import dev.sluice.routing.model.Connector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every answer of the address-space index, packed for the routing hot path: each answer is a group
 * of candidates at an offset of one int array, every figure selection compares read front to back.
 *
 * <p>Built once when the routing table is built (or for one answer on the spot, for the rare IMCEA
 * answers, sharing the rest), then immutable and safe to share. An answer is a number, not an object,
 * so that the index hands it over without a load; resolving a recipient then reads the group's lines
 * and, for the winner only, its name, relay hop and ring from small arrays shared by every group (by
 * connector rank, by ring number) that stay in cache: a few cache misses rather than a dozen objects
 * per candidate.
 *
 * <p>Groups are numbered 0 and up in the order they were packed. The group starting at {@code g} (its
 * number's entry in {@code offsets}) holds its size at {@code data[g]}, then its candidates one after the
 * other, each named by the index of its first int: {@link #FIXED} ints, then its server numbers, its
 * site numbers and the number of its {@link ServerRing} in each of those sites, in the order selection
 * reads them, so that it reads the group as one stream front to back.
 */
public final class CandidateGroups {
  /** Ints per candidate before its numbers: [specificity | cost | flags], rank, MaxMessageSize, space, counts. */
  static final int FIXED = 5;
  private static final int HEAD = 0;
  private static final int RANK = 1;
  private static final int MAX_SIZE = 2;
  /** The index of the candidate's address space in {@link #spaces}. */
  private static final int SPACE = 3;
  /** How many site numbers (high 16 bits) and server numbers (low 16 bits) follow. */
  private static final int COUNTS = 4;
  private static final int MAX_COUNT = 0xffff;

  static final int ENABLED = 1;
  static final int SCOPED = 2;
  static final int EDGE_SOURCED = 4;

  final int[] data;
  /** By group number, where the group starts in {@link #data}. */
  private final int[] offsets;
  private final AddressSpace[] spaces;
  private final Connectors connectors;

  /**
   * What all groups of one table share, read for the winner only: by connector rank the view, its
   * name and its relay hop; by number the distinct rings of source servers.
   */
  private static final class Connectors {
    final ConnectorView[] views;
    final String[] names;
    final NextHop[] relayHops;
    final ServerRing[] rings;
    final Map<ServerRing, Integer> ringNumbers;
    final Map<ConnectorView, Integer> ranks;

    Connectors(Map<ConnectorView, Integer> ranks) {
      this.ranks = ranks;
      views = new ConnectorView[ranks.size()];
      names = new String[ranks.size()];
      relayHops = new NextHop[ranks.size()];
      ringNumbers = new IdentityHashMap<>();
      List<ServerRing> distinct = new ArrayList<>();
      ranks.forEach((view, rank) -> {
        views[rank] = view;
        names[rank] = view.connector().name();
        relayHops[rank] = view.relayHop();
      });
      // In rank order, so that ring numbers do not depend on the iteration order of the map.
      for (ConnectorView view : views) {
        for (ServerRing ring : view.serversPerSite()) {
          ringNumbers.computeIfAbsent(ring, r -> {
            distinct.add(r);
            return distinct.size() - 1;
          });
        }
      }
      rings = distinct.toArray(new ServerRing[0]);
    }
  }

  private CandidateGroups(int[] data, int[] offsets, AddressSpace[] spaces, Connectors connectors) {
    this.data = data;
    this.offsets = offsets;
    this.spaces = spaces;
    this.connectors = connectors;
  }

  /** Packs answers one by one; one thread, then {@link #build}. */
  public static final class Builder {
    private final Connectors connectors;
    private int[] data = new int[1024];
    private int used;
    private int[] offsets = new int[64];
    private int groups;
    private final List<AddressSpace> spaces = new ArrayList<>();

    /** {@code ranks} gives each connector of the table its place in name order, 0 and up. */
    public Builder(Map<ConnectorView, Integer> ranks) {
      this(new Connectors(ranks));
    }

    private Builder(Connectors connectors) {
      this.connectors = connectors;
    }

    /** Packs {@code matches} (most specific first); the group's number (0 and up), what selection is given. */
    public int add(List<Match<ConnectorView>> matches) {
      int n = matches.size();
      int numbers = 0;
      for (Match<ConnectorView> m : matches) {
        numbers += 2 * m.entry().value().siteNumbers().length + m.entry().value().serverNumbers().length;
      }
      int group = used;
      grow(1 + n * FIXED + numbers);
      if (groups == offsets.length) {
        offsets = Arrays.copyOf(offsets, groups * 2);
      }
      offsets[groups] = group;
      data[group] = n;
      int c = group + 1;
      for (Match<ConnectorView> m : matches) {
        ConnectorView view = m.entry().value();
        Connector connector = view.connector();
        AddressSpace space = m.entry().space();
        int flags = (connector.enabled() ? ENABLED : 0) | (connector.isScoped(space) ? SCOPED : 0)
            | (view.edgeSourced() ? EDGE_SOURCED : 0);
        // A free-text space of over 32,000 characters would overflow 16 bits: such spaces compare equal.
        data[c + HEAD] = Math.min(m.specificity(), 0xffff) | space.cost() << 16 | flags << 24;
        data[c + RANK] = connectors.ranks.get(view);
        // Beyond 2 GB the int saturates; such a size is then checked against the connector itself.
        data[c + MAX_SIZE] = (int) Math.min(Integer.MAX_VALUE, connector.maxMessageSize().bytes());
        data[c + SPACE] = spaces.size();
        spaces.add(space);
        int sites = view.siteNumbers().length;
        int servers = view.serverNumbers().length;
        if (sites > MAX_COUNT || servers > MAX_COUNT) {
          throw new IllegalStateException("connector " + connector.name() + " has too many source servers to pack");
        }
        data[c + COUNTS] = sites << 16 | servers;
        System.arraycopy(view.serverNumbers(), 0, data, c + FIXED, servers);
        System.arraycopy(view.siteNumbers(), 0, data, c + FIXED + servers, sites);
        for (int k = 0; k < sites; k++) {
          data[c + FIXED + servers + sites + k] = connectors.ringNumbers.get(view.serversPerSite().get(k));
        }
        c += FIXED + servers + 2 * sites;
      }
      return groups++;
    }

    private void grow(int ints) {
      if (used + ints > data.length) {
        data = Arrays.copyOf(data, Math.max(data.length * 2, used + ints));
      }
      used += ints;
    }

    public CandidateGroups build() {
      return new CandidateGroups(Arrays.copyOf(data, used), Arrays.copyOf(offsets, groups),
          spaces.toArray(new AddressSpace[0]), connectors);
    }
  }

  /**
   * The one group of {@code matches}, number 0, packed on the spot with the connectors of these
   * groups: an IMCEA answer, whose connectors must be among those the groups were built with.
   */
  public CandidateGroups onTheSpot(List<Match<ConnectorView>> matches) {
    Builder builder = more();
    builder.add(matches);
    return builder.build();
  }

  /**
   * A builder of other groups over the connectors of these groups, sharing their arrays: every
   * connector packed must be one these groups were built with.
   */
  public Builder more() {
    return new Builder(connectors);
  }

  /** How many groups there are; their numbers are 0 to this, exclusive. */
  public int groupCount() {
    return offsets.length;
  }

  /** How many candidates the group numbered {@code group} holds. */
  public int size(int group) {
    return data[offsets[group]];
  }

  /** The first candidate of the group numbered {@code group}, when it has any. */
  int first(int group) {
    return offsets[group] + 1;
  }

  /** The candidate after {@code candidate} in its group, when there is one. */
  int next(int candidate) {
    return sitesTo(candidate) + (data[candidate + COUNTS] >>> 16);
  }

  ConnectorView view(int candidate) {
    return connectors.views[rank(candidate)];
  }

  AddressSpace space(int candidate) {
    return spaces[data[candidate + SPACE]];
  }

  String connectorName(int candidate) {
    return connectors.names[rank(candidate)];
  }

  NextHop relayHop(int candidate) {
    return connectors.relayHops[rank(candidate)];
  }

  int specificity(int candidate) {
    return data[candidate + HEAD] & 0xffff;
  }

  int cost(int candidate) {
    return (data[candidate + HEAD] >>> 16) & 0xff;
  }

  int flags(int candidate) {
    return data[candidate + HEAD] >>> 24;
  }

  /** The connector's place in name order: the last tie-break. */
  int rank(int candidate) {
    return data[candidate + RANK];
  }

  /**
   * The candidate's MaxMessageSize in bytes as packed: every size up to it is admitted; a larger one is
   * checked by {@link #admits}.
   */
  int packedMaxSize(int candidate) {
    return data[candidate + MAX_SIZE];
  }

  /** Whether the candidate's MaxMessageSize admits a message of {@code size} bytes. */
  boolean admits(int candidate, long size) {
    int max = data[candidate + MAX_SIZE];
    return size <= max || (max == Integer.MAX_VALUE && view(candidate).connector().maxMessageSize().admits(size));
  }

  /** Where the candidate's site numbers start in {@link #data}: after its server numbers. */
  int sitesFrom(int candidate) {
    return candidate + FIXED + (data[candidate + COUNTS] & MAX_COUNT);
  }

  /** Where they end (exclusive), and the numbers of its rings in those sites start. */
  int sitesTo(int candidate) {
    return sitesFrom(candidate) + (data[candidate + COUNTS] >>> 16);
  }

  /** The candidate's source servers in the site numbered {@code site} (empty when none). */
  ServerRing serversInSite(int candidate, int site) {
    int sites = data[candidate + COUNTS] >>> 16;
    for (int k = sitesFrom(candidate), end = k + sites; k < end; k++) {
      if (data[k] == site) {
        return connectors.rings[data[k + sites]];
      }
    }
    return ServerRing.EMPTY;
  }

  /** Whether server number {@code server} is a source server of the candidate. */
  boolean hasSourceServer(int candidate, int server) {
    for (int k = candidate + FIXED, end = sitesFrom(candidate); k < end; k++) {
      if (data[k] == server) {
        return true;
      }
    }
    return false;
  }
}
