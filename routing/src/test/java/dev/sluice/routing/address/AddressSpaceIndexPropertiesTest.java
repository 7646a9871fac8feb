package dev.sluice.routing.address;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.address.AddressSpaceIndex.Entry;
import dev.sluice.routing.address.AddressSpaceIndex.Match;
import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.AcceptedDomainType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The index against a brute-force reference that tries every entry with the rules written out plainly. */
class AddressSpaceIndexPropertiesTest {

  @Property(tries = 500)
  void returnsExactlyTheMatchingEntriesMostSpecificFirst(
      @ForAll("smtpSpaces") List<String> spaces,
      @ForAll("acceptedDomains") List<AcceptedDomain> domains,
      @ForAll("domains") String domain,
      @ForAll boolean upper) {
    List<Entry<Integer>> entries = entries(spaces);
    String recipient = "user@" + (upper ? domain.toUpperCase(Locale.ROOT) : domain);

    List<Match<Integer>> matches = AddressSpaceIndex.build(entries, domains).match(recipient);

    List<Match<Integer>> expected = new ArrayList<>();
    for (Entry<Integer> entry : entries) {
      int specificity = referenceSpecificity(entry.space().address(), domain, domains);
      if (specificity >= 0) {
        expected.add(new Match<>(entry, specificity));
      }
    }
    assertOrderedAsReference(matches, expected);
  }

  @Property(tries = 300)
  void matchesFreeTextExactlyOrByPrefixLikeTheReference(
      @ForAll("faxSpaces") List<String> spaces, @ForAll("faxNumbers") String number) {
    List<Entry<Integer>> entries = entries(spaces);
    String recipient = Imcea.encode("FAX", number, "contoso.com");

    List<Match<Integer>> matches = AddressSpaceIndex.build(entries, List.of()).match(recipient);

    List<Match<Integer>> expected = new ArrayList<>();
    for (Entry<Integer> entry : entries) {
      String text = entry.space().address();
      if (text.endsWith("*") && number.startsWith(text.substring(0, text.length() - 1))) {
        expected.add(new Match<>(entry, 1000 + 2 * (text.length() - 1)));
      } else if (text.equals(number)) {
        expected.add(new Match<>(entry, 1000 + 2 * text.length() + 1));
      }
    }
    assertOrderedAsReference(matches, expected);
  }

  private static void assertOrderedAsReference(List<Match<Integer>> matches, List<Match<Integer>> expected) {
    assertThat(matches).containsExactlyInAnyOrderElementsOf(expected);
    for (int i = 1; i < matches.size(); i++) {
      assertThat(matches.get(i).specificity()).isLessThanOrEqualTo(matches.get(i - 1).specificity());
    }
    if (!matches.isEmpty()) {
      int best = expected.stream().mapToInt(Match::specificity).max().orElseThrow();
      assertThat(matches.get(0).specificity()).isEqualTo(best);
    }
  }

  private static List<Entry<Integer>> entries(List<String> spaces) {
    List<Entry<Integer>> entries = new ArrayList<>();
    for (int i = 0; i < spaces.size(); i++) {
      entries.add(new Entry<>(AddressSpace.parse(spaces.get(i)), i));
    }
    return entries;
  }

  /** -1 when {@code space} does not match {@code domain}; else 2n+1 exact, 2n for "*.", 0 for "*". */
  private static int referenceSpecificity(String space, String domain, List<AcceptedDomain> accepted) {
    if (space.equals("--")) {
      return accepted.stream()
          .filter(d -> d.type().isOrganizationDomain())
          .mapToInt(d -> referenceSpecificity(d.domainName(), domain, List.of()))
          .max()
          .orElse(-1);
    }
    if (space.equals("*")) {
      return 0;
    }
    if (space.startsWith("*.")) {
      String base = space.substring(2);
      boolean matches = domain.equals(base) || domain.endsWith("." + base);
      return matches ? 2 * base.split("\\.").length : -1;
    }
    return domain.equals(space) ? 2 * space.split("\\.").length + 1 : -1;
  }

  @Provide
  Arbitrary<String> domains() {
    return Arbitraries.of("a", "b", "c").list().ofMinSize(1).ofMaxSize(4).map(labels -> String.join(".", labels));
  }

  @Provide
  Arbitrary<List<String>> smtpSpaces() {
    Arbitrary<String> space = Arbitraries.oneOf(
        Arbitraries.of("*", "--"), domains(), domains().map(d -> "*." + d));
    return space.list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<AcceptedDomain>> acceptedDomains() {
    Arbitrary<AcceptedDomain> domain = Combinators.combine(
            Arbitraries.oneOf(domains(), domains().map(d -> "*." + d)), Arbitraries.of(AcceptedDomainType.class))
        .as(AcceptedDomain::new);
    return domain.list().ofMaxSize(3);
  }

  @Provide
  Arbitrary<String> faxNumbers() {
    return Arbitraries.strings().withChars('1', '2', '+').ofMinLength(1).ofMaxLength(4);
  }

  @Provide
  Arbitrary<List<String>> faxSpaces() {
    Arbitrary<String> space = Arbitraries.oneOf(faxNumbers(), faxNumbers().map(n -> n + "*"), Arbitraries.just("*"));
    return space.map(s -> "FAX:" + s).list().ofMaxSize(6);
  }
}
