package dev.sluice.directory.codec;

import dev.sluice.directory.Member;
import dev.sluice.directory.SmtpUser;
import dev.sluice.directory.StoredSecret;
import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.AcceptedDomainType;
import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.ExtendedRight;
import dev.sluice.routing.model.ForeignConnector;
import dev.sluice.routing.model.MaxMessageSize;
import dev.sluice.routing.model.Permissions;
import dev.sluice.routing.model.Principal;
import dev.sluice.routing.model.ProtocolLoggingLevel;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveConnector.Binding;
import dev.sluice.routing.model.ReceiveConnector.PermissionGroup;
import dev.sluice.routing.model.ReceiveConnector.ReceiveAuthMechanism;
import dev.sluice.routing.model.ReceiveConnector.RemoteIpRange;
import dev.sluice.routing.model.ReceiveLimits;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.TransportServer;
import dev.sluice.routing.model.UsageType;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** One valid object of every stored kind, each property away from its default where it has one. */
final class Samples {
  private Samples() {}

  static final Site SITE = new Site("Site-A", true);
  static final SiteLink LINK = new SiteLink("A-B", List.of("Site-A", "Site-B"), 10, OptionalInt.of(3));
  static final TransportServer HUB = new TransportServer("HUB1", ServerRole.HUB, "Site-A", "hub1.contoso.com");
  static final TransportServer EDGE = new TransportServer("EDGE1", ServerRole.EDGE, "Perimeter", "edge1.contoso.com");
  static final AcceptedDomain DOMAIN =
      new AcceptedDomain("Contoso Mail", "contoso.com", AcceptedDomainType.AUTHORITATIVE);
  static final EdgeSubscription SUBSCRIPTION = new EdgeSubscription("EDGE1", "Site-A");

  /** Three principals, one of them holding every right. */
  static final Permissions PERMISSIONS = Permissions.NONE
      .grant(Principal.PARTNER_SERVERS,
          EnumSet.of(ExtendedRight.SEND_HEADERS_ROUTING, ExtendedRight.SEND_HEADERS_ORGANIZATION))
      .grant(Principal.ANONYMOUS, EnumSet.of(ExtendedRight.SEND_HEADERS_ROUTING))
      .grant(Principal.EXCHANGE_LEGACY_INTEROP, EnumSet.allOf(ExtendedRight.class));

  /** A Send connector with every property set away from Exchange 2007's default. */
  static SendConnector.Builder everyPropertySet() {
    return SendConnector.builder("To Fabrikam – Partner")
        .usageType(UsageType.PARTNER)
        .addressSpaces("\"SMTP:*.fabrikam.com;5\",\"Local:SMTP:contoso.com;2\",\"X400:c=US;a=adatum;p=Fabrikam;3\"")
        .isScopedConnector(true)
        .sourceTransportServers("HUB1", "HUB2")
        .smartHosts("mail.fabrikam.com", "relay.fabrikam.com:2525", "[192.0.2.1]", "[192.0.2.2]:587",
            "[2001:db8::1]", "[2001:DB8::2]:465", "--")
        .dnsRoutingEnabled(false)
        .smartHostAuthMechanism(SmartHostAuthMechanism.BASIC_AUTH_REQUIRE_TLS)
        .authenticationCredential("fabrikam-relay")
        .fqdn("out.contoso.com")
        .port(587)
        .sourceIpAddress("192.0.2.10")
        .enabled(false)
        .maxMessageSize(MaxMessageSize.ofMegabytes(25))
        .protocolLoggingLevel(ProtocolLoggingLevel.VERBOSE)
        .requireTls(true)
        .domainSecureEnabled(true)
        .ignoreStartTls(true)
        .useExternalDnsServersEnabled(true)
        .forceHelo(true)
        .linkedReceiveConnector("From Partner")
        .connectionInactivityTimeout(Duration.ofSeconds(90))
        .smtpMaxMessagesPerConnection(50)
        .comment("Relais für \"Fabrikam\"\nsecond line")
        .permissions(PERMISSIONS);
  }

  static final SendConnector SEND = everyPropertySet().build();

  /** The connector New-SendConnector makes from a name, an address space and a source server. */
  static final SendConnector SEND_DEFAULTS = SendConnector.builder("Internet")
      .addressSpaces(List.of(AddressSpace.smtp("*")))
      .sourceTransportServers("HUB1")
      .build();

  static final ForeignConnector FOREIGN = new ForeignConnector("To Fax", List.of(AddressSpace.parse("FAX:*;10")),
      List.of("HUB1"), "D:\\Drop\\Fax", false, MaxMessageSize.ofBytes(1500), true, "the fax gateway");

  static final ReceiveLimits LIMITS = new ReceiveLimits(MaxMessageSize.parse("512KB"), 50, 40, 4,
      Duration.ofMinutes(3), Duration.ofSeconds(45), 100, 7, 2);

  static final ReceiveConnector RECEIVE = new ReceiveConnector("HUB1", "From Partner",
      List.of(Binding.parse("0.0.0.0:2525"), Binding.parse("[::]:2525")),
      List.of(new RemoteIpRange("192.0.2.0/24"), new RemoteIpRange("198.51.100.1-198.51.100.9"),
          new RemoteIpRange("2001:db8::7")),
      Set.of(ReceiveAuthMechanism.TLS, ReceiveAuthMechanism.BASIC_AUTH_REQUIRE_TLS),
      Set.of(PermissionGroup.PARTNERS, PermissionGroup.EXCHANGE_USERS),
      Optional.of("in.contoso.com"), false, LIMITS);

  static final ReceiveConnector RECEIVE_DEFAULT_LIMITS = new ReceiveConnector("HUB1", "Default HUB1",
      List.of(Binding.parse("0.0.0.0:25")), RemoteIpRange.ANY, Set.of(), Set.of(), Optional.empty(), true,
      ReceiveLimits.HUB_DEFAULTS);

  static final Member MEMBER = new Member("HUB1", ServerRole.HUB, "Site-A", "hub1.contoso.com:25",
      "127.0.0.1:8025", "0.1.0", Instant.parse("2026-12-01T10:15:30.123456789Z"), 42);

  static final SmtpUser USER = new SmtpUser("relay-app", "pbkdf2-sha256$210000$c2FsdA$aGFzaA");

  static final StoredSecret SECRET = new StoredSecret("fabrikam-relay", "k1", "bm9uY2U=", "Y2lwaGVydGV4dA==");
}
