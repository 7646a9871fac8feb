package dev.sluice.routing.model;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * An IP site link: the sites it joins and what crossing it costs.
 *
 * @param name the link's name, unique in the organization
 * @param sites the sites it joins, at least two, no site twice (names compared case-insensitively)
 * @param cost the Active Directory cost, 1 to 99,999 (Exchange's default is 100)
 * @param exchangeCost the Exchange-specific cost that overrides {@code cost} for routing when set, 1 to 99,999
 */
public record SiteLink(String name, List<String> sites, int cost, OptionalInt exchangeCost) {
  public static final int DEFAULT_COST = 100;
  public static final int MAX_COST = 99_999;

  public SiteLink {
    name = Names.requireName(name, "site link name");
    sites = Names.copyOf(sites, "sites of site link " + name);
    if (sites.size() < 2) {
      throw new IllegalArgumentException(
          "site link " + name + " must join at least two sites, it names " + sites);
    }
    TreeSet<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (String site : sites) {
      if (!seen.add(Names.requireName(site, "site of site link " + name))) {
        throw new IllegalArgumentException(
            "site link " + name + " names site " + site + " twice; list each site once");
      }
    }
    Names.requireRange(cost, 1, MAX_COST, "cost of site link " + name);
    if (exchangeCost == null) {
      exchangeCost = OptionalInt.empty();
    }
    if (exchangeCost.isPresent()) {
      Names.requireRange(exchangeCost.getAsInt(), 1, MAX_COST, "Exchange cost of site link " + name);
    }
  }

  /** A link with the given AD cost and no Exchange cost. */
  public static SiteLink of(String name, int cost, String... sites) {
    return new SiteLink(name, List.of(sites), cost, OptionalInt.empty());
  }

  /** The cost routing uses: the Exchange cost when set, else the AD cost. */
  public int routingCost() {
    return exchangeCost.orElse(cost);
  }

  /** Whether this link joins {@code site} (case-insensitive). */
  public boolean joins(String site) {
    String wanted = site.toLowerCase(Locale.ROOT);
    return sites.stream().anyMatch(s -> s.toLowerCase(Locale.ROOT).equals(wanted));
  }
}
