package dev.sluice.routing.firewall;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.routing.model.ExtendedRight;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class HeaderFirewallPropertyTest {
  /** A field name as written, and the family it belongs to (null: none), labelled by hand. */
  record Name(String text, HeaderFamily family) {}

  /** One field as it appears in the block: its bytes, and its family. */
  record Field(byte[] bytes, HeaderFamily family) {}

  private static final List<Name> NAMES =
      List.of(
          new Name("Received:", HeaderFamily.ROUTING),
          new Name("received:", HeaderFamily.ROUTING),
          new Name("RECEIVED \t:", HeaderFamily.ROUTING),
          new Name("X-MS-Exchange-Organization-SCL:", HeaderFamily.ORGANIZATION),
          new Name("x-ms-exchange-organization-authas:", HeaderFamily.ORGANIZATION),
          new Name("X-MS-Exchange-Forest-RulesExecuted:", HeaderFamily.FOREST),
          new Name("X-MS-EXCHANGE-FOREST-:", HeaderFamily.FOREST),
          new Name("Subject:", null),
          new Name("Received-SPF:", null),
          new Name("X-Received:", null),
          new Name("X-MS-Exchange-Organization:", null),
          new Name("no colon, so no field", null));

  private static final String VALUE_CHARS = " \tabcXYZ019:;<>@.()ü☃日";

  @Provide
  Arbitrary<List<String>> fields() {
    Arbitrary<String> value = Arbitraries.strings().withChars(VALUE_CHARS).ofMaxLength(12);
    Arbitrary<String> lineEnd = Arbitraries.of("\r\n", "\n");
    Arbitrary<String> continuation =
        Combinators.combine(Arbitraries.of(" ", "\t"), value, lineEnd).as((ws, v, end) -> ws + v + end);
    return Combinators.combine(
            Arbitraries.integers().between(0, NAMES.size() - 1),
            value,
            lineEnd,
            continuation.list().ofMaxSize(2))
        .as((name, v, end, more) -> name + "\u0000" + v + end + String.join("", more))
        .list()
        .ofMaxSize(10);
  }

  @Property
  void outputIsTheInputWithOnlyFieldsOfFamiliesWithoutTheirRightRemoved(
      @ForAll("fields") List<String> generated,
      @ForAll Set<ExtendedRight> rights,
      @ForAll boolean withBody) {
    List<Field> fields = new ArrayList<>();
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    for (int i = 0; i < generated.size(); i++) {
      String[] parts = generated.get(i).split("\u0000", 2);
      Name name = NAMES.get(Integer.parseInt(parts[0]));
      // The index makes every first line unique, so the matching below cannot take one field for another.
      byte[] bytes = (name.text() + " #" + i + ";" + parts[1]).getBytes(UTF_8);
      fields.add(new Field(bytes, name.family()));
      block.writeBytes(bytes);
    }
    byte[] body = "\r\nReceived: body text\r\nX-MS-Exchange-Forest-A: 1\r\n".getBytes(UTF_8);
    if (withBody) {
      block.writeBytes(body);
    }
    byte[] input = block.toByteArray();

    byte[] output = HeaderFirewall.filter(input, rights);

    int at = 0;
    for (Field field : fields) {
      boolean kept = startsWith(output, at, field.bytes());
      if (kept) {
        at += field.bytes().length;
      }
      boolean mayLeave = field.family() == null || rights.contains(field.family().right());
      assertThat(kept).as("field %s with rights %s", new String(field.bytes(), UTF_8), rights).isEqualTo(mayLeave);
    }
    byte[] rest = Arrays.copyOfRange(output, at, output.length);
    assertThat(rest).isEqualTo(withBody ? body : new byte[0]);
    assertThat(HeaderFirewall.filter(output, rights)).isEqualTo(output);
  }

  private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
    return bytes.length - at >= prefix.length
        && Arrays.equals(bytes, at, at + prefix.length, prefix, 0, prefix.length);
  }
}
