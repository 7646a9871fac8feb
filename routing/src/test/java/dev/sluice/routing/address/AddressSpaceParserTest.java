package dev.sluice.routing.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressSpaceParserTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # Table 4 of the reference
      *                                      | SMTP:*;1
      Contoso.com                            | SMTP:contoso.com;1
      *.Contoso.com                          | SMTP:*.contoso.com;1
      # the four equivalent forms of the reference
      "SMTP:contoso.com;1"                   | SMTP:contoso.com;1
      "contoso.com;1"                        | SMTP:contoso.com;1
      "SMTP:contoso.com"                     | SMTP:contoso.com;1
      contoso.com                            | SMTP:contoso.com;1
      # RTM scope, type and cost
      *.com                                  | SMTP:*.com;1
      Local:SMTP:contoso.com;3               | Local:SMTP:contoso.com;3
      "LOCAL:fabrikam.com;3"                 | Local:SMTP:fabrikam.com;3
      "local:smtp:*;100"                     | Local:SMTP:*;100
      smtp:contoso.com.;7                    | SMTP:contoso.com;7
      "  contoso.com;2  "                    | SMTP:contoso.com;2
      --                                     | SMTP:--;1
      "SMTP:--;2"                            | SMTP:--;2
      123.example                            | SMTP:123.example;1
      a-b.c-d.example                        | SMTP:a-b.c-d.example;1
      # internationalized names in their A-label form
      bücher.example                         | SMTP:xn--bcher-kva.example;1
      *.BÜCHER.example                       | SMTP:*.xn--bcher-kva.example;1
      xn--bcher-kva.example                  | SMTP:xn--bcher-kva.example;1
      # X400 and free-text types
      X400:o=MySite;p=MyOrg;a=adatum;c=us;5  | X400:o=MySite;p=MyOrg;a=adatum;c=us;5
      x400:c=us;2                            | X400:c=us;2
      "FAX:+1 555*;2"                        | FAX:+1 555*;2
      CUSTOM:anything                        | CUSTOM:anything;1
      custom:a:b                             | CUSTOM:a:b;1
      "Local:NOTES:a,b;4"                    | Local:NOTES:a,b;4
      """)
  void parsesAndPrintsTheCanonicalForm(String entry, String canonical) {
    AddressSpace space = AddressSpaceParser.parse(entry);

    assertThat(space).hasToString(canonical);
    assertThat(AddressSpaceParser.parse(canonical)).isEqualTo(space);
  }

  @ParameterizedTest(name = "{0} refused at {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      *contoso.com                  | 0  | '*' may only stand alone or as the first label '*.'
      contoso.*.com                 | 8  | '*' may only stand alone or as the first label '*.'
      *.*.com                       | 2  | '*' may only stand alone or as the first label '*.'
      "contoso.com;0"               | 13 | the cost must be an integer from 1 to 100, not 0
      contoso.com;101               | 12 | the cost must be an integer from 1 to 100, not 101
      contoso.com;abc               | 12 | the cost must be an integer from 1 to 100, not 'abc'
      contoso.com;                  | 12 | the cost must be an integer from 1 to 100, not ''
      -contoso.com                  | 0  | a label must not begin or end with a hyphen
      www.contoso-.com              | 4  | a label must not begin or end with a hyphen
      contoso..com                  | 8  | a label must be 1 to 63 characters
      *.                            | 2  | a label must be 1 to 63 characters
      SMTP:                         | 5  | a label must be 1 to 63 characters
      conto_so.com                  | 5  | a label may hold only letters, digits and hyphens
      "Local:SMTP:a b.com"          | 13 | a label may hold only letters, digits and hyphens
      X400:o=MySite;p=MyOrg         | 14 | a non-SMTP address space that contains ';' must end with its cost
      X400:MySite;5                 | 5  | an X.400 address space is attribute=value pairs separated by ';'
      X400:o=MySite;=x;5            | 14 | an X.400 address space is attribute=value pairs separated by ';'
      FAX:;2                        | 4  | the address space must not be empty
      FAX:123;0                     | 8  | the cost must be an integer from 1 to 100, not 0
      :contoso.com                  | 0  | the address space type must be letters and digits
      X-400:c=us                    | 1  | the address space type must be letters and digits
      Local:Local:x                 | 6  | 'Local' is the connector scope, not an address space type
      "contoso.com                  | 0  | the double quote opened here is not closed
      contoso"x.com                 | 7  | a double quote may only enclose a whole entry
      "a.com"x                      | 7  | a double quote may only enclose a whole entry
      """)
  void refusesABadEntryNamingEntryPositionAndRule(String entry, int position, String rule) {
    assertThatThrownBy(() -> AddressSpaceParser.parse(entry))
        .isInstanceOfSatisfying(AddressSpaceException.class, e -> {
          assertThat(e.entry()).isEqualTo(entry.strip());
          assertThat(e.position()).isEqualTo(position);
          assertThat(e.rule()).startsWith(rule);
          assertThat(e.getMessage()).contains("'" + entry.strip() + "'", "position " + position, rule);
        });
  }

  @Test
  void labelsHoldAtMost63CharactersAndNamesAtMost253() {
    String label63 = "a".repeat(63);
    String name253 = String.join(".", label63, label63, label63, "b".repeat(61));

    assertThat(AddressSpaceParser.parse(label63 + ".com").address()).isEqualTo(label63 + ".com");
    assertThat(AddressSpaceParser.parse(name253).address()).hasSize(253);
    assertThat(AddressSpaceParser.parse("*." + name253 + ".").address()).isEqualTo("*." + name253);
    assertThatThrownBy(() -> AddressSpaceParser.parse("www." + "a".repeat(64) + ".com"))
        .isInstanceOfSatisfying(AddressSpaceException.class, e -> {
          assertThat(e.position()).isEqualTo(4);
          assertThat(e.rule()).isEqualTo("a label must be 1 to 63 characters");
        });
    assertThatThrownBy(() -> AddressSpaceParser.parse("c." + name253))
        .isInstanceOfSatisfying(AddressSpaceException.class, e -> {
          assertThat(e.position()).isEqualTo(253);
          assertThat(e.rule()).startsWith("a domain name must be at most 253 characters");
        });
  }

  @Test
  void scopesEachSpaceOfAListOnItsOwnAsRtmDoes() {
    List<AddressSpace> spaces = AddressSpaceParser.parseList("\"contoso.com;2\",\"Local:fabrikam.com;3\"");

    assertThat(spaces).containsExactly(
        new AddressSpace(false, "SMTP", "contoso.com", 2), new AddressSpace(true, "SMTP", "fabrikam.com", 3));
    assertThat(AddressSpace.printList(spaces)).isEqualTo("\"SMTP:contoso.com;2\",\"Local:SMTP:fabrikam.com;3\"");
  }

  @Test
  void splitsOnCommasOutsideQuotesOnly() {
    assertThat(AddressSpaceParser.parseList("contoso.com, fabrikam.com ,\"FAX:1,2;3\""))
        .containsExactly(
            AddressSpace.smtp("contoso.com"), AddressSpace.smtp("fabrikam.com"), new AddressSpace(false, "FAX", "1,2", 3));
    assertThat(AddressSpaceParser.parseList("  ")).isEmpty();
  }

  @ParameterizedTest(name = "{0}: ''{1}'' at {2}")
  @CsvSource(delimiter = '|', textBlock = """
      contoso.com, "fabrikam.com;2       | "fabrikam.com;2       | 0 | the double quote opened here is not closed
      a.com,x"y.com,b.com                | x"y.com,b.com         | 1 | the double quote opened here is not closed
      a.com,,b.com                       | ''                    | 0 | an entry must not be empty
      a.com,                             | ''                    | 0 | an entry must not be empty
      a.com, "b.com;0"                   | "b.com;0"             | 7 | the cost must be an integer from 1 to 100
      """)
  void refusesABadListNamingTheEntry(String list, String entry, int position, String rule) {
    assertThatThrownBy(() -> AddressSpaceParser.parseList(list))
        .isInstanceOfSatisfying(AddressSpaceException.class, e -> {
          assertThat(e.entry()).isEqualTo(entry);
          assertThat(e.position()).isEqualTo(position);
          assertThat(e.rule()).startsWith(rule);
        });
  }

  @Test
  void theConstructorHoldsTheSameRules() {
    assertThat(new AddressSpace(false, " smtp ", "Contoso.COM.", 1).address()).isEqualTo("contoso.com");
    assertThat(new AddressSpace(false, "x400", "c=us;a=adatum", 1).type()).isEqualTo("X400");
    assertThatThrownBy(() -> new AddressSpace(false, "Local", "x", 1)).isInstanceOf(AddressSpaceException.class);
    assertThatThrownBy(() -> new AddressSpace(false, "X400", "adatum", 1))
        .hasMessageContaining("attribute=value");
    assertThatThrownBy(() -> new AddressSpace(false, "FAX", "a\"b", 1))
        .hasMessageContaining("double quote");
    assertThatThrownBy(() -> AddressSpace.smtp("contoso.com", 0)).hasMessageContaining("from 1 to 100");
  }

  @Test
  void knowsTheSmtpFormOfEachSpace() {
    assertThat(AddressSpace.parse("*").smtpForm()).isEqualTo(AddressSpace.SmtpForm.ALL);
    assertThat(AddressSpace.parse("contoso.com").smtpForm()).isEqualTo(AddressSpace.SmtpForm.DOMAIN);
    assertThat(AddressSpace.parse("*.contoso.com").smtpForm()).isEqualTo(AddressSpace.SmtpForm.DOMAIN_AND_SUBDOMAINS);
    assertThat(AddressSpace.parse("--").smtpForm()).isEqualTo(AddressSpace.SmtpForm.ORGANIZATION_DOMAINS);
    assertThat(AddressSpace.parse("*.contoso.com").domain()).isEqualTo("contoso.com");
  }
}
