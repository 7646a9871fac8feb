package dev.sluice.routing.bench;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.model.MaxMessageSize;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The organization the routing benchmarks run against: 100 sites, 10,000 Send connectors holding
 * 50,000 address spaces, source servers spread over the sites, at most 8 connectors per address space;
 * and a recipient mix of 40% exact-domain matches, 40% wildcard matches at depth 2 to 4, 20% that fall
 * through to {@code *}.
 *
 * <p>Deterministic: a fixed seed, so every run measures the same organization.
 */
public final class LargeOrganization {
  public static final int SITES = 100;
  public static final int HUBS_PER_SITE = 3;
  public static final int CONNECTORS = 10_000;
  public static final int SPACES_PER_CONNECTOR = 5;
  public static final int CONNECTORS_PER_SPACE = 8;
  public static final int RECIPIENTS = 16_384;

  public final OrganizationConfig config;
  public final String[] recipients;
  public final String localServer = "HUB-S000-0";

  private LargeOrganization(OrganizationConfig config, String[] recipients) {
    this.config = config;
    this.recipients = recipients;
  }

  public static LargeOrganization generate() {
    SplittableRandom random = new SplittableRandom(20261201L);
    List<Site> sites = new ArrayList<>();
    List<TransportServer> servers = new ArrayList<>();
    for (int s = 0; s < SITES; s++) {
      String site = String.format("S%03d", s);
      sites.add(new Site(site, s % 10 == 5));
      for (int h = 0; h < HUBS_PER_SITE; h++) {
        servers.add(TransportServer.hub("HUB-" + site + "-" + h, site));
      }
    }
    List<SiteLink> links = new ArrayList<>();
    for (int s = 0; s < SITES; s++) {
      links.add(SiteLink.of(String.format("ring-%03d", s), 1 + random.nextInt(100),
          String.format("S%03d", s), String.format("S%03d", (s + 1) % SITES)));
    }
    for (int s = 0; s < SITES; s += 4) {
      links.add(SiteLink.of(String.format("chord-%03d", s), 50 + random.nextInt(200),
          String.format("S%03d", s), String.format("S%03d", (s + 37) % SITES)));
    }

    // 50,000 entries over 6,250 distinct spaces, each on exactly 8 connectors: half exact, half wildcard.
    int distinct = CONNECTORS * SPACES_PER_CONNECTOR / CONNECTORS_PER_SPACE;
    String[] spaces = new String[distinct];
    for (int i = 0; i < distinct; i++) {
      spaces[i] = i % 2 == 0 ? "d" + i + ".example.com" : "*.w" + i + ".net";
    }
    List<List<AddressSpace>> perConnector = new ArrayList<>();
    for (int c = 0; c < CONNECTORS; c++) {
      perConnector.add(new ArrayList<>());
    }
    int slot = 0;
    for (int i = 0; i < distinct; i++) {
      for (int k = 0; k < CONNECTORS_PER_SPACE; k++) {
        // Spread the 8 owners of a space over unrelated connectors, filling each to 5 spaces.
        int c = (slot * 7_919) % CONNECTORS;
        while (perConnector.get(c).size() >= SPACES_PER_CONNECTOR) {
          c = (c + 1) % CONNECTORS;
        }
        perConnector.get(c).add(AddressSpace.smtp(spaces[i], 1 + random.nextInt(10)));
        slot++;
      }
    }
    List<SendConnector> connectors = new ArrayList<>();
    for (int c = 0; c < CONNECTORS; c++) {
      List<AddressSpace> own = perConnector.get(c);
      if (c < CONNECTORS_PER_SPACE) {
        // The Internet connectors: '*' on 8 of them (replacing one space so the total stays 50,000).
        own.set(0, AddressSpace.smtp("*", 1 + random.nextInt(10)));
      }
      int site = random.nextInt(SITES);
      List<String> sources = new ArrayList<>();
      sources.add(String.format("HUB-S%03d-%d", site, random.nextInt(HUBS_PER_SITE)));
      if (random.nextBoolean()) {
        sources.add(String.format("HUB-S%03d-%d", random.nextInt(SITES), random.nextInt(HUBS_PER_SITE)));
      }
      connectors.add(SendConnector.builder(String.format("C%05d", c))
          .addressSpaces(own)
          .sourceTransportServers(sources.stream().distinct().toList())
          .maxMessageSize(MaxMessageSize.UNLIMITED)
          .build());
    }
    OrganizationConfig config = OrganizationConfig.empty("Bench")
        .withSites(sites).withSiteLinks(links).withServers(servers).withSendConnectors(connectors);

    String[] recipients = new String[RECIPIENTS];
    for (int r = 0; r < RECIPIENTS; r++) {
      int kind = random.nextInt(10);
      if (kind < 4) {
        recipients[r] = "user" + r + "@d" + (2 * random.nextInt(distinct / 2)) + ".example.com";
      } else if (kind < 8) {
        String base = "w" + (2 * random.nextInt(distinct / 2) + 1) + ".net";
        // The recipient domain has 2 to 4 labels under the wildcard space *.wN.net.
        int depth = 2 + random.nextInt(3);
        String domain = switch (depth) {
          case 2 -> base;
          case 3 -> "mx." + base;
          default -> "a.b." + base;
        };
        recipients[r] = "user" + r + "@" + domain;
      } else {
        recipients[r] = "user" + r + "@nowhere" + r + ".example.org";
      }
    }
    return new LargeOrganization(config, recipients);
  }
}
