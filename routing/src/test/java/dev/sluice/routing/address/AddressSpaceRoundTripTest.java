package dev.sluice.routing.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AddressSpaceRoundTripTest {

  @Property
  void parsingThePrintedFormGivesTheSameSpace(@ForAll("spaces") AddressSpace space) {
    assertThat(AddressSpace.parse(space.toString())).isEqualTo(space);
    assertThat(AddressSpace.parse("\"" + space + "\"")).isEqualTo(space);
  }

  @Property
  void parsingThePrintedListGivesTheSameList(@ForAll("lists") List<AddressSpace> spaces) {
    assertThat(AddressSpace.parseList(AddressSpace.printList(spaces))).isEqualTo(spaces);
  }

  /** The short SMTP forms (no type, no cost when 1, any case, a trailing dot) mean the canonical space. */
  @Property
  void everySmtpSpellingMeansTheCanonicalSpace(
      @ForAll("smtpAddresses") String address, @ForAll boolean upper, @ForAll boolean trailingDot,
      @ForAll boolean typed, @ForAll boolean quoted) {
    String spelled = upper ? address.toUpperCase(Locale.ROOT) : address;
    spelled += trailingDot && !address.equals("*") && !address.equals("--") ? "." : "";
    spelled = (typed ? "smtp:" : "") + spelled;
    spelled = quoted ? "\"" + spelled + "\"" : spelled;

    assertThat(AddressSpace.parse(spelled)).isEqualTo(AddressSpace.smtp(address));
  }

  @Provide
  Arbitrary<List<AddressSpace>> lists() {
    return spaces().list().ofMaxSize(5);
  }

  @Provide
  Arbitrary<AddressSpace> spaces() {
    Arbitrary<String[]> typeAndAddress = Arbitraries.oneOf(
        smtpAddresses().map(a -> new String[] {"SMTP", a}),
        x400Addresses().map(a -> new String[] {"x400", a}),
        Combinators.combine(Arbitraries.of("FAX", "custom", "Notes", "X25"), freeText())
            .as((type, text) -> new String[] {type, text}));
    return Combinators.combine(Arbitraries.of(true, false), typeAndAddress, Arbitraries.integers().between(1, 100))
        .as((local, ta, cost) -> new AddressSpace(local, ta[0], ta[1], cost));
  }

  @Provide
  Arbitrary<String> smtpAddresses() {
    Arbitrary<String> domain = label().list().ofMinSize(1).ofMaxSize(4).map(labels -> String.join(".", labels));
    return Arbitraries.oneOf(
        Arbitraries.of("*", "--"), domain, domain.map(d -> "*." + d), Arbitraries.of("bücher.example", "*.café.fr"))
        .map(AddressSpaceParser::normalizeSmtpAddress);
  }

  static Arbitrary<String> label() {
    Arbitrary<String> edge = Arbitraries.strings().withCharRange('a', 'z').numeric().ofLength(1);
    Arbitrary<String> middle = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-').ofMaxLength(6);
    return Arbitraries.oneOf(edge, Combinators.combine(edge, middle, edge).as((a, b, c) -> a + b + c));
  }

  private static Arbitrary<String> x400Addresses() {
    Arbitrary<String> pair = Combinators.combine(
            Arbitraries.of("c", "a", "p", "o", "ou", "s", "g"),
            Arbitraries.strings().alpha().numeric().withChars(' ', '-', '.').ofMinLength(1).ofMaxLength(8))
        .as((attribute, value) -> attribute + "=" + value.strip() + "x");
    return pair.list().ofMinSize(1).ofMaxSize(4).map(pairs -> String.join(";", pairs));
  }

  private static Arbitrary<String> freeText() {
    return Arbitraries.strings().alpha().numeric().withChars(' ', ';', ',', '*', ':', '+', '=', '@', 'é')
        .ofMinLength(1).ofMaxLength(12).filter(s -> !s.isBlank());
  }
}
