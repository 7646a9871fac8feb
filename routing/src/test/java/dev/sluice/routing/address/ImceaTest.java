package dev.sluice.routing.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImceaTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      IMCEAX400-c=us;a=adatum;p=MyOrg;o=MySite@contoso.com   | X400 | c=us;a=adatum;p=MyOrg;o=MySite | contoso.com
      imceax400-_c=us_a=adatum_p=MyOrg_@Contoso.com          | X400 | /c=us/a=adatum/p=MyOrg/        | Contoso.com
      IMCEAFAX-+2B15551234@contoso.com                       | FAX  | +15551234                      | contoso.com
      IMCEAFAX-+2b1+20555+5F1@contoso.com                    | FAX  | +1 555_1                       | contoso.com
      IMCEANOTES-a+40b@x@contoso.com                         | NOTES | a@b@x                         | contoso.com
      IMCEACUSTOM-caf+C3+A9@contoso.com                      | CUSTOM | café                         | contoso.com
      """)
  void decodesExchangesEncapsulation(String recipient, String type, String address, String domain) {
    assertThat(Imcea.decode(recipient)).contains(new EncapsulatedAddress(type, address, domain));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      user@contoso.com
      IMCEAFAX-123
      IMCEA-123@contoso.com
      IMCEAFAX@contoso.com
      IMCEAFAX-@contoso.com
      IMCEAFAX-+2@contoso.com
      IMCEAFAX-+ZZ1@contoso.com
      IMCEAFAX-+FF@contoso.com
      IMCEAF.X-1@contoso.com
      """)
  void decodesNothingElse(String recipient) {
    assertThat(Imcea.decode(recipient)).isEmpty();
  }

  @Property
  void decodesWhatItEncodes(
      @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 8) String type,
      @ForAll @StringLength(min = 1, max = 30) @AlphaChars @Chars({'/', '_', '+', ';', '=', ' ', '.', '@', 'é', '*'})
          String address) {
    String recipient = Imcea.encode(type, address, "contoso.com");

    assertThat(recipient.substring(0, recipient.lastIndexOf('@'))).doesNotContain("/", ";", " ", "@", "..", "é");
    assertThat(Imcea.decode(recipient)).isEqualTo(Optional.of(new EncapsulatedAddress(type, address, "contoso.com")));
  }
}
