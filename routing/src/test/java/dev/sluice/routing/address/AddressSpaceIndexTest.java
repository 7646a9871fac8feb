package dev.sluice.routing.address;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.address.AddressSpaceIndex.Entry;
import dev.sluice.routing.address.AddressSpaceIndex.Match;
import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.AcceptedDomainType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressSpaceIndexTest {
  private static final List<AcceptedDomain> NO_DOMAINS = List.of();

  /** Each space belongs to a connector named after it. */
  private static AddressSpaceIndex<String> index(List<AcceptedDomain> domains, String... spaces) {
    return AddressSpaceIndex.build(
        Arrays.stream(spaces).map(s -> new Entry<>(AddressSpace.parse(s), s)).toList(), domains);
  }

  /** "connector:specificity" of each match, in order. */
  private static List<String> matches(AddressSpaceIndex<String> index, String recipient) {
    return index.match(recipient).stream().map(m -> m.entry().value() + ":" + m.specificity()).toList();
  }

  @Test
  void ordersExactOverSubdomainsOverShorterOverAll() {
    AddressSpaceIndex<String> index = index(NO_DOMAINS, "*", "*.com", "fabrikam.com", "*.contoso.com", "contoso.com");

    assertThat(matches(index, "user@contoso.com"))
        .containsExactly("contoso.com:5", "*.contoso.com:4", "*.com:2", "*:0");
    assertThat(matches(index, "user@fabrikam.com")).containsExactly("fabrikam.com:5", "*.com:2", "*:0");
    assertThat(matches(index, "user@example.org")).containsExactly("*:0");
    assertThat(index.size()).isEqualTo(5);
  }

  @Test
  void routesASubdomainByTheSubdomainSpaceAsTheReferenceSays() {
    AddressSpaceIndex<String> index = index(NO_DOMAINS, "Contoso.com", "*.Contoso.com");

    assertThat(matches(index, "Recipient@marketing.contoso.com")).containsExactly("*.Contoso.com:4");
    assertThat(matches(index, "Recipient@a.b.marketing.contoso.com")).containsExactly("*.Contoso.com:4");
    assertThat(matches(index, "Recipient@notcontoso.com")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      User@CONTOSO.Com                     | contoso.com:5
      user@contoso.com.                    | contoso.com:5
      "a@b"@contoso.com                    | contoso.com:5
      x@BÜCHER.example                     | bücher.example:5
      x@xn--bcher-kva.example              | bücher.example:5
      x@Sub.Bücher.Example.                | *.bücher.example:4
      """)
  void comparesInLowerCaseALabelForm(String recipient, String first) {
    AddressSpaceIndex<String> index = index(NO_DOMAINS, "contoso.com", "bücher.example", "*.bücher.example");

    assertThat(matches(index, recipient)).first().isEqualTo(first);
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(delimiter = '|', textBlock = """
      user.contoso.com
      user@
      user@.
      user@contoso..com
      user@-contoso.com
      user@contoso_x.com
      user@ contoso.com
      user@xn--.com
      """)
  void matchesNothingForAMalformedRecipient(String recipient) {
    assertThat(index(NO_DOMAINS, "*", "--").match(recipient)).isEmpty();
  }

  @Test
  void expandsOrganizationDomainsIntoAuthoritativeAndInternalRelayDomains() {
    List<AcceptedDomain> domains = List.of(
        new AcceptedDomain("contoso.com", AcceptedDomainType.AUTHORITATIVE),
        new AcceptedDomain("*.fabrikam.com", AcceptedDomainType.INTERNAL_RELAY),
        new AcceptedDomain("*.contoso.com", AcceptedDomainType.AUTHORITATIVE),
        new AcceptedDomain("adatum.com", AcceptedDomainType.EXTERNAL_RELAY));
    AddressSpaceIndex<String> index = index(domains, "--", "*");

    assertThat(matches(index, "a@contoso.com")).containsExactly("--:5", "*:0");
    assertThat(matches(index, "a@sales.contoso.com")).containsExactly("--:4", "*:0");
    assertThat(matches(index, "a@fabrikam.com")).containsExactly("--:4", "*:0");
    assertThat(matches(index, "a@x.fabrikam.com")).containsExactly("--:4", "*:0");
    assertThat(matches(index, "a@adatum.com")).containsExactly("*:0");
    assertThat(index.match("a@contoso.com").get(0).entry().space().address()).isEqualTo("--");
  }

  @Test
  void keepsTheOrderOfEntriesOnATie() {
    AddressSpaceIndex<String> index = AddressSpaceIndex.build(
        List.of(
            new Entry<>(AddressSpace.smtp("contoso.com", 9), "second-cheapest"),
            new Entry<>(AddressSpace.smtp("contoso.com", 1), "cheapest")),
        NO_DOMAINS);

    assertThat(index.match("a@contoso.com")).extracting(m -> m.entry().value())
        .containsExactly("second-cheapest", "cheapest");
  }

  @Test
  void matchesAnX400RecipientByItsAttributesThenByItsDomain() {
    AddressSpaceIndex<String> index = index(NO_DOMAINS,
        "X400:o=MySite;p=MyOrg;a=adatum;c=us;5", "X400:c=us;a=adatum;1", "X400:c=de;1", "contoso.com", "*");

    assertThat(matches(index, "IMCEAX400-c=us;a=adatum;p=MyOrg;o=MySite@contoso.com")).containsExactly(
        "X400:o=MySite;p=MyOrg;a=adatum;c=us;5:1004", "X400:c=us;a=adatum;1:1002", "contoso.com:5", "*:0");
    assertThat(matches(index, "IMCEAX400-_C=US_A=ADATUM_P=other_@contoso.com"))
        .containsExactly("X400:c=us;a=adatum;1:1002", "contoso.com:5", "*:0");
    assertThat(matches(index, "IMCEAX400-c=fr@contoso.com")).containsExactly("contoso.com:5", "*:0");
    assertThat(matches(index, "c=us;a=adatum@contoso.com")).containsExactly("contoso.com:5", "*:0");
  }

  @Test
  void matchesAFreeTextRecipientExactlyOrByPrefix() {
    AddressSpaceIndex<String> index =
        index(NO_DOMAINS, "FAX:+1555*", "FAX:+15551234", "FAX:+1*", "FAX:+1555", "NOTES:+15551234", "*");

    assertThat(matches(index, "IMCEAFAX-+2B15551234@contoso.com"))
        .containsExactly("FAX:+15551234:1019", "FAX:+1555*:1010", "FAX:+1*:1004", "*:0");
    assertThat(matches(index, "imceafax-+2b1555@contoso.com"))
        .containsExactly("FAX:+1555:1011", "FAX:+1555*:1010", "FAX:+1*:1004", "*:0");
    assertThat(matches(index, "IMCEAFAX-+2B2@contoso.com")).containsExactly("*:0");
  }

  @Test
  void tellsApartLabelsOfTheSameHash() {
    assertThat("aan".hashCode()).isEqualTo("ac0".hashCode());
    AddressSpaceIndex<String> index = index(NO_DOMAINS, "aan.com", "*.ac0.com");

    assertThat(matches(index, "u@AAN.com")).containsExactly("aan.com:5");
    assertThat(matches(index, "u@x.Ac0.com")).containsExactly("*.ac0.com:4");
    assertThat(matches(index, "u@abn.com")).isEmpty();
  }

  @Test
  void sharesTheAnswerOfADomainBetweenLookups() {
    AddressSpaceIndex<String> index = index(NO_DOMAINS, "contoso.com", "*");
    List<Match<String>> first = index.match("a@contoso.com");

    assertThat(index.match("b@CONTOSO.com")).isSameAs(first);
  }
}
