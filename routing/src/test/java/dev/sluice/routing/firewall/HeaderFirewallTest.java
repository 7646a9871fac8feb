package dev.sluice.routing.firewall;

import static dev.sluice.routing.model.ExtendedRight.SEND_EXCH50;
import static dev.sluice.routing.model.ExtendedRight.SEND_HEADERS_FOREST;
import static dev.sluice.routing.model.ExtendedRight.SEND_HEADERS_ORGANIZATION;
import static dev.sluice.routing.model.ExtendedRight.SEND_HEADERS_ROUTING;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.model.ExtendedRight;
import dev.sluice.routing.model.Permissions;
import dev.sluice.routing.model.Principal;
import dev.sluice.routing.model.SendConnector;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderFirewallTest {
  private static final String SUBJECT = "Subject: hello\r\n";

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  private static String filter(String block, Set<ExtendedRight> rights) {
    return new String(HeaderFirewall.filter(bytes(block), rights), UTF_8);
  }

  private static Set<ExtendedRight> rights(String names) {
    return names.isBlank()
        ? Set.of()
        : Arrays.stream(names.split(" ")).map(ExtendedRight::parse).collect(Collectors.toSet());
  }

  @ParameterizedTest(name = "{0} with [{1}] kept: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Received: from a by b                     | Ms-Exch-Send-Headers-Routing      | true",
        "Received: from a by b                     | ''                                | false",
        "received: from a by b                     | Ms-Exch-Send-Headers-Organization | false",
        "RECEIVED : from a (obsolete space)        | ''                                | false",
        "X-MS-Exchange-Organization-SCL: -1        | Ms-Exch-Send-Headers-Organization | true",
        "X-MS-Exchange-Organization-SCL: -1        | Ms-Exch-Send-Headers-Routing      | false",
        "x-ms-exchange-organization-scl: -1        | ''                                | false",
        "X-MS-Exchange-Organization-: empty suffix | ''                                | false",
        "X-MS-Exchange-Forest-RulesExecuted: HUB1  | Ms-Exch-Send-Headers-Forest       | true",
        "X-MS-EXCHANGE-FOREST-x: 1                 | Ms-Exch-Send-Headers-Organization | false",
        "X-MS-Exchange-Organization: no dash       | ''                                | true",
        "X-MS-Exchange-ForestX: not the prefix     | ''                                | true",
        "Received-SPF: pass                        | ''                                | true",
        "X-Received: by a relay                    | ''                                | true",
        "X-MS-Exchange-Transport-Rules: other      | ''                                | true",
        "no colon on this line Received            | ''                                | true",
      })
  void eachFamilyLeavesOnlyWithItsRight(String field, String rightNames, boolean kept) {
    String block = SUBJECT + field.strip() + "\r\nFrom: a@contoso.com\r\n";
    String expected = kept ? block : SUBJECT + "From: a@contoso.com\r\n";
    assertThat(filter(block, rights(rightNames))).isEqualTo(expected);
  }

  @Test
  void aFoldedFieldGoesWholeAndStaysByteForByte() {
    String received = "Received: from mail.contoso.com\r\n\tby hub1.contoso.com\r\n    with ESMTP; Tue, 1 May 2024\r\n";
    String folded = "Subject: a long\r\n  folded\tsubject \r\n";
    String block = received + folded + received;
    assertThat(filter(block, Set.of())).isEqualTo(folded);
    assertThat(filter(block, Set.of(SEND_HEADERS_ROUTING))).isEqualTo(block);
  }

  @Test
  void exch50GuardsNoHeader() {
    String block = "Received: x\r\nX-MS-Exchange-Organization-AuthAs: Internal\r\nX-MS-Exchange-Forest-A: 1\r\n" + SUBJECT;
    assertThat(filter(block, Set.of(SEND_EXCH50))).isEqualTo(SUBJECT).isEqualTo(filter(block, Set.of()));
    assertThat(filter(block, EnumSet.complementOf(EnumSet.of(SEND_EXCH50)))).isEqualTo(block);
  }

  @Test
  void theConnectorsPermissionsOfThePrincipalDecide() {
    SendConnector connector =
        SendConnector.builder("Internet")
            .sourceTransportServers("HUB1")
            .permissions(Permissions.NONE.grant(Principal.ANONYMOUS, Set.of(SEND_HEADERS_ROUTING)))
            .build();
    byte[] block = bytes("Received: from a\r\nX-MS-Exchange-Organization-SCL: 0\r\n" + SUBJECT);
    assertThat(new String(HeaderFirewall.filter(block, connector, Principal.ANONYMOUS), UTF_8))
        .isEqualTo("Received: from a\r\n" + SUBJECT);
    assertThat(new String(HeaderFirewall.filter(block, connector, Principal.PARTNER_SERVERS), UTF_8))
        .isEqualTo(SUBJECT);
  }

  @Test
  void untouchedHeadersAreTheSameBytes() {
    byte[] block =
        bytes("Subject:no space\r\nX-Odd  :  spaced  \r\nSubject: Grüße ☃ 日本\r\nFrom:\t<a@b>\nTo: bare LF\n\n");
    byte[] out = HeaderFirewall.filter(block, Set.of());
    assertThat(out).isEqualTo(block).isSameAs(block);
    assertThat(HeaderFirewall.filter(block, HeaderFirewall.EVERY_RIGHT)).isSameAs(block);
  }

  @Test
  void keptFieldsAroundAStrippedOneKeepTheirOddBytes() {
    String odd = "Subject: Grüße ☃\r\nX-Odd  :  spaced  \r\n\t cont\r\n";
    assertThat(filter(odd + "Received: by x\r\n" + odd, Set.of())).isEqualTo(odd + odd);
  }

  @Test
  void bareLineFeedsAreLineEndsAndAreKept() {
    String block = "Subject: a\nReceived: from a\n by b\nFrom: c\r\nReceived: d\n";
    assertThat(filter(block, Set.of())).isEqualTo("Subject: a\nFrom: c\r\n");
  }

  @Test
  void theEmptyLineAndTheBodyAreLeftUntouched() {
    String body = "Received: this line is body text\r\n X-MS-Exchange-Organization-SCL: 9\r\n";
    assertThat(filter("Received: a\r\n" + SUBJECT + "\r\n" + body, Set.of())).isEqualTo(SUBJECT + "\r\n" + body);
    assertThat(filter("Received: a\n" + SUBJECT + "\n" + body, Set.of())).isEqualTo(SUBJECT + "\n" + body);
    assertThat(filter("Received: a\r\n" + SUBJECT + "\r\n", Set.of())).isEqualTo(SUBJECT + "\r\n");
  }

  @Test
  void aLastFieldWithoutLineEndIsAFieldToo() {
    assertThat(filter(SUBJECT + "Received: x", Set.of())).isEqualTo(SUBJECT);
    assertThat(filter(SUBJECT + "Received: x\r\n\tfolded", Set.of())).isEqualTo(SUBJECT);
    assertThat(filter("Received: x", Set.of())).isEmpty();
    assertThat(filter("", Set.of())).isEmpty();
  }

  @Test
  void linesThatAreNoFieldPassThrough() {
    String strays = " leading continuation\r\nno colon here\r\n: empty name\r\nBad Name: space inside\r\nGrüße: not ascii\r\n";
    assertThat(filter(strays + "Received: x\r\n", Set.of())).isEqualTo(strays);
  }

  @Test
  void anIntraOrganizationHopKeepsEverything() {
    String block = "Received: a\r\nX-MS-Exchange-Organization-SCL: 1\r\nX-MS-Exchange-Forest-X: 2\r\n" + SUBJECT;
    assertThat(filter(block, HeaderFirewall.EVERY_RIGHT)).isEqualTo(block);
    assertThat(filter(block, Set.of(SEND_HEADERS_ROUTING, SEND_HEADERS_ORGANIZATION, SEND_HEADERS_FOREST)))
        .isEqualTo(block);
  }

  @Test
  void countReceivedCountsFieldsOfTheHeaderSectionOnly() {
    byte[] block =
        bytes("Received: a\r\n\tfolded: Received\r\nreceived : b\nReceived-SPF: pass\r\nX-Received: c\r\n"
            + "RECEIVED: d\r\n\r\nReceived: body\r\n");
    assertThat(HeaderFirewall.countReceived(block)).isEqualTo(3);
    assertThat(Headers.countReceived(new byte[0])).isZero();
  }

  @Test
  void familiesAreFoundByName() {
    assertThat(HeaderFamily.of("RECEIVED")).contains(HeaderFamily.ROUTING);
    assertThat(HeaderFamily.of("x-ms-exchange-forest-a")).contains(HeaderFamily.FOREST);
    assertThat(HeaderFamily.of("X-MS-Exchange-Organization-Network-Message-Id")).contains(HeaderFamily.ORGANIZATION);
    assertThat(HeaderFamily.of("Subject")).isEmpty();
  }
}
