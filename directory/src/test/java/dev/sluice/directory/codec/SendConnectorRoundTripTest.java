package dev.sluice.directory.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.model.ExtendedRight;
import dev.sluice.routing.model.MaxMessageSize;
import dev.sluice.routing.model.Permissions;
import dev.sluice.routing.model.Principal;
import dev.sluice.routing.model.ProtocolLoggingLevel;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.SmartHost;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.UsageType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a Send connector holds, its document reads back as the same connector. */
class SendConnectorRoundTripTest {

  @Property(tries = 300)
  void everySendConnectorReadsBackEqual(@ForAll("connectors") SendConnector c) {
    assertThat(Documents.roundTrip(ConnectorCodecs.SEND_CONNECTOR, c)).isEqualTo(c);
  }

  @Provide
  Arbitrary<SendConnector> connectors() {
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    return Builders.withBuilder(() -> SendConnector.builder("Connector"))
        .use(text()).in((b, v) -> b.name(v))
        .use(Arbitraries.of(UsageType.class)).in((b, v) -> b.usageType(v))
        .use(addressSpaces()).in((b, v) -> b.addressSpaces(v))
        .use(flag).in((b, v) -> b.isScopedConnector(v))
        .use(text().list().ofMinSize(1).ofMaxSize(3)).in((b, v) -> b.sourceTransportServers(v))
        .use(smartHosts()).in((b, v) -> b.smartHosts(v))
        .use(flag).in((b, v) -> b.dnsRoutingEnabled(v))
        .use(Arbitraries.of(SmartHostAuthMechanism.class)).in((b, v) -> b.smartHostAuthMechanism(v))
        .use(text().injectNull(0.3)).in((b, v) -> b.authenticationCredential(v))
        .use(Arbitraries.of("out.contoso.com", "mail.fabrikam.com").injectNull(0.3)).in((b, v) -> b.fqdn(v))
        .use(Arbitraries.integers().between(1, 65_535)).in((b, v) -> b.port(v))
        .use(Arbitraries.of("0.0.0.0", "192.0.2.10", "2001:db8::10")).in((b, v) -> b.sourceIpAddress(v))
        .use(flag).in((b, v) -> b.enabled(v))
        .use(sizes()).in((b, v) -> b.maxMessageSize(v))
        .use(Arbitraries.of(ProtocolLoggingLevel.class)).in((b, v) -> b.protocolLoggingLevel(v))
        .use(flag).in((b, v) -> b.requireTls(v))
        .use(flag).in((b, v) -> b.domainSecureEnabled(v))
        .use(flag).in((b, v) -> b.ignoreStartTls(v))
        .use(flag).in((b, v) -> b.useExternalDnsServersEnabled(v))
        .use(flag).in((b, v) -> b.forceHelo(v))
        .use(text().injectNull(0.3)).in((b, v) -> b.linkedReceiveConnector(v))
        .use(timeouts()).in((b, v) -> b.connectionInactivityTimeout(v))
        .use(Arbitraries.integers().between(1, 10_000)).in((b, v) -> b.smtpMaxMessagesPerConnection(v))
        .use(Arbitraries.strings().ofMaxLength(20)).in((b, v) -> b.comment(v))
        .use(permissions()).in((b, v) -> b.permissions(v))
        .build(SendConnector.Builder::build);
  }

  /** Names, servers and credential ids: any visible text, as an operator may type it. */
  private static Arbitrary<String> text() {
    return Arbitraries.strings().withCharRange(' ', '~').withChars('ü', 'é', '–', '\\', '"')
        .ofMinLength(1).ofMaxLength(16).filter(s -> !s.isBlank()).map(String::strip);
  }

  private static Arbitrary<List<AddressSpace>> addressSpaces() {
    return Arbitraries.of("*", "--", "contoso.com", "*.fabrikam.com", "Local:SMTP:bücher.example;7",
            "X400:c=US;a=adatum;p=Fabrikam;3", "FAX:+1 425 555 0100;100")
        .map(AddressSpace::parse)
        .list().ofMaxSize(4);
  }

  private static Arbitrary<List<SmartHost>> smartHosts() {
    Arbitrary<String> host = Arbitraries.of("mail.fabrikam.com", "[192.0.2.1]", "[2001:db8::1]", "relay", "--");
    Arbitrary<String> port = Arbitraries.integers().between(1, 65_535).map(p -> ":" + p).injectNull(0.5);
    return Combinators.combine(host, port)
        .as((h, p) -> SmartHost.parse(p == null || h.equals("--") ? h : h + p))
        .list().ofMaxSize(4);
  }

  private static Arbitrary<MaxMessageSize> sizes() {
    return Arbitraries.oneOf(
        Arbitraries.just(MaxMessageSize.UNLIMITED),
        Arbitraries.longs().between(1, Long.MAX_VALUE - 1).map(MaxMessageSize::ofBytes));
  }

  /** Time spans to the 100 ns tick, as Exchange stores them. */
  private static Arbitrary<Duration> timeouts() {
    return Arbitraries.longs().between(1, 100L * 24 * 3600 * 10_000_000).map(ticks -> Duration.ofNanos(ticks * 100));
  }

  private static Arbitrary<Permissions> permissions() {
    Arbitrary<Set<ExtendedRight>> rights = Arbitraries.of(ExtendedRight.class).set().ofMaxSize(4);
    return Arbitraries.maps(Arbitraries.of(Principal.class), rights).ofMaxSize(5).map(m -> {
      Permissions p = Permissions.NONE;
      for (Map.Entry<Principal, Set<ExtendedRight>> e : m.entrySet()) {
        p = p.grant(e.getKey(), e.getValue().isEmpty() ? Set.of() : EnumSet.copyOf(e.getValue()));
      }
      return p;
    });
  }
}
