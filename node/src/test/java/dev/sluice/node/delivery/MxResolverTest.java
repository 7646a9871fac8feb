package dev.sluice.node.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.SimpleResolver;

/** MX lookups through dnsjava against a real DNS server on 127.0.0.53 (its own loopback address). */
class MxResolverTest {
  private TestDnsServer dns;
  private MxResolver resolver;

  @BeforeEach
  void start() throws Exception {
    dns = new TestDnsServer("127.0.0.53").add("""
        contoso.com. 300 MX 10 mx1.contoso.com.
        contoso.com. 300 MX 10 mx2.contoso.com.
        contoso.com. 300 MX 20 backup.contoso.com.
        mx1.contoso.com. 300 A 192.0.2.1
        mx2.contoso.com. 300 A 192.0.2.2
        mx2.contoso.com. 300 AAAA 2001:db8::2
        backup.contoso.com. 300 A 192.0.2.9
        nomx.example. 300 A 198.51.100.7
        null.example. 300 MX 0 .
        empty.example. 300 TXT "no mail here"
        dangling.example. 300 MX 10 gone.example.
        """).failing("broken.example.").failing("gone.example.").silent("slow.example.");
    SimpleResolver simple = new SimpleResolver(dns.address());
    simple.setTimeout(Duration.ofMillis(300));
    resolver = new MxResolver(simple, new SplittableRandom(1));
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  @Test
  void mxHostsComeInPreferenceOrderEachWithItsAddresses() throws Exception {
    MxResolver.Result.Hosts hosts = (MxResolver.Result.Hosts) resolver.resolve("contoso.com");

    assertThat(hosts.hosts()).extracting(MxResolver.MxHost::preference).containsExactly(10, 10, 20);
    assertThat(hosts.hosts().get(2).name()).isEqualTo("backup.contoso.com");
    MxResolver.MxHost mx2 = hosts.hosts().stream().filter(h -> h.name().equals("mx2.contoso.com")).findFirst().orElseThrow();
    assertThat(mx2.addresses()).containsExactly(InetAddress.getByName("192.0.2.2"), InetAddress.getByName("2001:db8::2"));
  }

  @Test
  void hostsOfEqualPreferenceAreShuffledSoLoadSpreads() {
    Map<String, Integer> first = new HashMap<>();
    for (int seed = 0; seed < 200; seed++) {
      SimpleResolver simple;
      try {
        simple = new SimpleResolver(dns.address());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      MxResolver shuffling = new MxResolver(simple, new SplittableRandom(seed));
      String name = ((MxResolver.Result.Hosts) shuffling.resolve("contoso.com")).hosts().get(0).name();
      first.merge(name, 1, Integer::sum);
    }
    assertThat(first).containsOnlyKeys("mx1.contoso.com", "mx2.contoso.com");
    assertThat(first.get("mx1.contoso.com")).isBetween(60, 140);
  }

  @Test
  void aDomainWithoutMxIsItsOwnHost() throws Exception {
    MxResolver.Result.Hosts hosts = (MxResolver.Result.Hosts) resolver.resolve("nomx.example");

    assertThat(hosts.hosts()).containsExactly(
        new MxResolver.MxHost("nomx.example", 0, List.of(InetAddress.getByName("198.51.100.7"))));
  }

  @Test
  void aNullMxAnUnknownDomainAndADomainWithoutAddressesArePermanent() {
    assertThat(resolver.resolve("null.example"))
        .isEqualTo(new MxResolver.Result.Permanent("the domain null.example accepts no mail (null MX, RFC 7505)", "5.1.10"));
    assertThat(resolver.resolve("nowhere.example")).isInstanceOf(MxResolver.Result.Permanent.class)
        .extracting(r -> ((MxResolver.Result.Permanent) r).enhancedStatus()).isEqualTo("5.1.2");
    assertThat(resolver.resolve("empty.example")).isInstanceOf(MxResolver.Result.Permanent.class);
  }

  @Test
  void servfailATimeoutAndAnMxHostThatCannotBeResolvedAreTransient() {
    assertThat(resolver.resolve("broken.example")).isInstanceOf(MxResolver.Result.Transient.class);
    assertThat(resolver.resolve("slow.example")).isInstanceOf(MxResolver.Result.Transient.class);
    assertThat(resolver.resolve("dangling.example")).isInstanceOf(MxResolver.Result.Transient.class);
  }

  @Test
  void aTruncatedAnswerIsAskedAgainOverTcpAndOnlyTheTenMostPreferredOfAHugeMxSetAreUsed() throws Exception {
    StringBuilder zone = new StringBuilder();
    for (int i = 1; i <= 60; i++) {
      zone.append("huge.example. 300 MX ").append(i).append(" mx").append(i).append(".huge.example.\n");
      zone.append("mx").append(i).append(".huge.example. 300 A 192.0.2.").append(i).append("\n");
    }
    dns.add(zone.toString());

    MxResolver.Result.Hosts hosts = (MxResolver.Result.Hosts) resolver.resolve("huge.example");

    // 60 MX records do not fit in 512 octets: the UDP answer came truncated and the whole one over TCP.
    assertThat(dns.tcpAnswers()).isPositive();
    assertThat(hosts.hosts()).hasSize(MxResolver.MAX_MX_HOSTS);
    assertThat(hosts.hosts()).extracting(MxResolver.MxHost::preference).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
  }

  @Test
  void aCnameLoopIsTransientAndIsNeverChased() throws Exception {
    dns.add("""
        loop.example. 300 MX 10 a.loop.example.
        a.loop.example. 300 CNAME b.loop.example.
        b.loop.example. 300 CNAME a.loop.example.
        alias.example. 300 CNAME alias2.example.
        alias2.example. 300 CNAME alias.example.
        """);
    int before = dns.udpAnswers();

    MxResolver.Result viaMx = resolver.resolve("loop.example");
    MxResolver.Result implicit = resolver.resolve("alias.example");

    assertThat(viaMx).isInstanceOf(MxResolver.Result.Transient.class);
    assertThat(((MxResolver.Result.Transient) viaMx).reason()).contains("CNAME chain of a.loop.example.");
    assertThat(implicit).isInstanceOf(MxResolver.Result.Transient.class);
    // MX, A and AAAA for each: the loop costs no more lookups than any other answer.
    assertThat(dns.udpAnswers() - before).isLessThanOrEqualTo(6);
  }

  @Test
  void anMxThatHoldsAnAddressInsteadOfAHostNameIsSkipped() throws Exception {
    dns.add("""
        ip.example. 300 MX 10 192.0.2.77.
        ip.example. 300 MX 20 mx1.contoso.com.
        iponly.example. 300 MX 10 192.0.2.77.
        """);

    MxResolver.Result.Hosts hosts = (MxResolver.Result.Hosts) resolver.resolve("ip.example");
    MxResolver.Result only = resolver.resolve("iponly.example");

    assertThat(hosts.hosts()).extracting(MxResolver.MxHost::name).containsExactly("mx1.contoso.com");
    assertThat(only).isEqualTo(new MxResolver.Result.Transient(
        "the MX host 192.0.2.77 of iponly.example is an address, not a host name"));
  }
}
