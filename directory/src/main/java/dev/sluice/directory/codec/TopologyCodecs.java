package dev.sluice.directory.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.AcceptedDomainType;
import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import java.util.OptionalInt;

/**
 * The codecs of the organization's shape: sites, site links, transport servers, accepted domains and
 * Edge subscriptions. Field names are Exchange's property names in camel case.
 */
public final class TopologyCodecs {
  private TopologyCodecs() {}

  public static final ObjectCodec<Site> SITE = new ObjectCodec<>() {
    @Override
    public void write(Site v, ObjectNode out) {
      out.put("name", v.name());
      out.put("hubSiteEnabled", v.hubSite());
    }

    @Override
    public Site read(DocumentReader in) {
      String name = in.text("name");
      boolean hub = in.bool("hubSiteEnabled", false);
      return in.build(() -> new Site(name, hub));
    }
  };

  public static final ObjectCodec<SiteLink> SITE_LINK = new ObjectCodec<>() {
    @Override
    public void write(SiteLink v, ObjectNode out) {
      out.put("name", v.name());
      v.sites().forEach(out.putArray("sites")::add);
      out.put("cost", v.cost());
      if (v.exchangeCost().isPresent()) {
        out.put("exchangeCost", v.exchangeCost().getAsInt());
      }
    }

    @Override
    public SiteLink read(DocumentReader in) {
      String name = in.text("name");
      var sites = in.texts("sites");
      int cost = in.integer("cost", SiteLink.DEFAULT_COST);
      OptionalInt exchangeCost = in.optionalInteger("exchangeCost").map(OptionalInt::of).orElse(OptionalInt.empty());
      return in.build(() -> new SiteLink(name, sites, cost, exchangeCost));
    }
  };

  public static final ObjectCodec<TransportServer> SERVER = new ObjectCodec<>() {
    @Override
    public void write(TransportServer v, ObjectNode out) {
      out.put("name", v.name());
      out.put("role", Enums.print(v.role()));
      out.put("site", v.site());
      out.put("fqdn", v.fqdn());
    }

    @Override
    public TransportServer read(DocumentReader in) {
      String name = in.text("name");
      ServerRole role = in.parsed("role", t -> Enums.parse(ServerRole.class, t));
      String site = in.text("site");
      String fqdn = in.text("fqdn");
      return in.build(() -> new TransportServer(name, role, site, fqdn));
    }
  };

  public static final ObjectCodec<AcceptedDomain> ACCEPTED_DOMAIN = new ObjectCodec<>() {
    @Override
    public void write(AcceptedDomain v, ObjectNode out) {
      out.put("name", v.name());
      out.put("domainName", v.domainName());
      out.put("domainType", v.type().exchangeName());
    }

    @Override
    public AcceptedDomain read(DocumentReader in) {
      String domain = in.text("domainName");
      // Left out, the model names it after its domain as it normalises it (lower case), not as written.
      String name = in.optionalText("name").orElse(null);
      AcceptedDomainType type = in.parsed("domainType", AcceptedDomainType::parse);
      return in.build(() -> new AcceptedDomain(name, domain, type));
    }
  };

  public static final ObjectCodec<EdgeSubscription> EDGE_SUBSCRIPTION = new ObjectCodec<>() {
    @Override
    public void write(EdgeSubscription v, ObjectNode out) {
      out.put("edgeServer", v.edgeServer());
      out.put("site", v.site());
    }

    @Override
    public EdgeSubscription read(DocumentReader in) {
      String edge = in.text("edgeServer");
      String site = in.text("site");
      return in.build(() -> new EdgeSubscription(edge, site));
    }
  };
}
