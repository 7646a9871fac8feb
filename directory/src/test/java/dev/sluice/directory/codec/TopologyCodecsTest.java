package dev.sluice.directory.codec;

import static dev.sluice.directory.codec.Documents.PATH;
import static dev.sluice.directory.codec.Documents.json;
import static dev.sluice.directory.codec.Documents.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.AcceptedDomainType;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TopologyCodecsTest {

  @Test
  void sitesRoundTrip() {
    assertThat(roundTrip(TopologyCodecs.SITE, Site.of("Site-A"))).isEqualTo(Site.of("Site-A"));
    assertThat(roundTrip(TopologyCodecs.SITE, new Site("Hub Site", true))).isEqualTo(new Site("Hub Site", true));
  }

  @Test
  void siteLinksRoundTripWithAndWithoutAnExchangeCost() {
    SiteLink plain = SiteLink.of("A-B", 10, "Site-A", "Site-B");
    SiteLink overridden = new SiteLink("A-B-C", List.of("Site-A", "Site-B", "Site-C"), 99_999, OptionalInt.of(3));

    assertThat(roundTrip(TopologyCodecs.SITE_LINK, plain)).isEqualTo(plain);
    assertThat(roundTrip(TopologyCodecs.SITE_LINK, overridden)).isEqualTo(overridden);
    assertThat(DirectoryCodec.tree(TopologyCodecs.SITE_LINK, plain).has("exchangeCost"))
        .as("an unset Exchange cost is left out, not written as 0").isFalse();
  }

  @Test
  void hubAndEdgeServersRoundTrip() {
    assertThat(roundTrip(TopologyCodecs.SERVER, Samples.HUB)).isEqualTo(Samples.HUB);
    assertThat(roundTrip(TopologyCodecs.SERVER, Samples.EDGE)).isEqualTo(Samples.EDGE);
    assertThat(DirectoryCodec.tree(TopologyCodecs.SERVER, Samples.EDGE).get("role").textValue()).isEqualTo("Edge");
  }

  @ParameterizedTest
  @EnumSource(AcceptedDomainType.class)
  void acceptedDomainsOfEveryTypeRoundTrip(AcceptedDomainType type) {
    AcceptedDomain named = new AcceptedDomain("Fabrikam Relay", "*.fabrikam.com", type);
    AcceptedDomain unnamed = new AcceptedDomain("contoso.com", type);

    assertThat(roundTrip(TopologyCodecs.ACCEPTED_DOMAIN, named)).isEqualTo(named);
    assertThat(roundTrip(TopologyCodecs.ACCEPTED_DOMAIN, unnamed)).isEqualTo(unnamed);
    assertThat(DirectoryCodec.tree(TopologyCodecs.ACCEPTED_DOMAIN, named).get("domainType").textValue())
        .isEqualTo(type.exchangeName());
  }

  @Test
  void edgeSubscriptionsRoundTrip() {
    assertThat(roundTrip(TopologyCodecs.EDGE_SUBSCRIPTION, Samples.SUBSCRIPTION)).isEqualTo(Samples.SUBSCRIPTION);
  }

  @Test
  void propertiesAnOlderDocumentLacksTakeTheirDefaults() {
    assertThat(DirectoryCodec.decode(TopologyCodecs.SITE, PATH, json("{'schemaVersion':1,'name':'Site-A'}")))
        .isEqualTo(Site.of("Site-A"));
    assertThat(DirectoryCodec.decode(TopologyCodecs.SITE_LINK, PATH,
        json("{'schemaVersion':1,'name':'A-B','sites':['Site-A','Site-B']}")))
        .isEqualTo(SiteLink.of("A-B", SiteLink.DEFAULT_COST, "Site-A", "Site-B"));
    assertThat(DirectoryCodec.decode(TopologyCodecs.ACCEPTED_DOMAIN, PATH,
        json("{'schemaVersion':1,'domainName':'Contoso.COM','domainType':'internalrelay'}")))
        .as("the name defaults to the domain; enums and domains are read case-insensitively")
        .isEqualTo(new AcceptedDomain("contoso.com", "contoso.com", AcceptedDomainType.INTERNAL_RELAY));
  }

  @Test
  void serverRolesAreReadInAnySpelling() {
    TransportServer read = DirectoryCodec.decode(TopologyCodecs.SERVER, PATH,
        json("{'schemaVersion':1,'name':'HUB1','role':'HUB','site':'Site-A','fqdn':'hub1.contoso.com'}"));

    assertThat(read).isEqualTo(Samples.HUB);
  }
}
