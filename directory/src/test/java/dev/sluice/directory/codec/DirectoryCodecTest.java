package dev.sluice.directory.codec;

import static dev.sluice.directory.codec.Documents.PATH;
import static dev.sluice.directory.codec.Documents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.Site;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DirectoryCodecTest {

  @Test
  void aDocumentIsUtf8JsonWithSchemaVersionOne() throws Exception {
    byte[] data = DirectoryCodec.encode(ConnectorCodecs.SEND_CONNECTOR, Samples.SEND);

    String text = strictUtf8(data);
    JsonNode tree = DirectoryCodec.mapper().readTree(text);
    assertThat(tree.isObject()).isTrue();
    assertThat(tree.get("schemaVersion").isInt()).isTrue();
    assertThat(tree.get("schemaVersion").intValue()).isEqualTo(1);
    assertThat(text).as("non-ASCII text is stored as UTF-8, not escaped").contains("für", "–");
  }

  @Test
  void aNewerDocumentWithUnknownFieldsStillDecodes() {
    byte[] send = Documents.edited(ConnectorCodecs.SEND_CONNECTOR, Samples.SEND, tree -> {
      tree.put("schemaVersion", 7);
      tree.put("tlsCertificateName", "<I>CN=Contoso<S>CN=mail.contoso.com");
      tree.putObject("retryPolicy").put("maxAttempts", 3).putArray("delays").add("00:01:00");
      tree.putArray("futureList").add(1).add("two");
    });
    byte[] receive = Documents.edited(ConnectorCodecs.RECEIVE_CONNECTOR, Samples.RECEIVE, tree -> {
      tree.put("schemaVersion", 7);
      ((ObjectNode) tree.get("limits")).put("maxAcknowledgementDelay", "00:00:30");
      ((ObjectNode) tree.get("limits")).putObject("tarpit").put("interval", "00:00:05");
    });

    assertThat(DirectoryCodec.decode(ConnectorCodecs.SEND_CONNECTOR, PATH, send)).isEqualTo(Samples.SEND);
    assertThat(DirectoryCodec.decode(ConnectorCodecs.RECEIVE_CONNECTOR, PATH, receive)).isEqualTo(Samples.RECEIVE);
  }

  @Test
  void aNullOptionalFieldIsReadAsAbsent() {
    SendConnector read = DirectoryCodec.decode(ConnectorCodecs.SEND_CONNECTOR, PATH, Documents.edited(
        ConnectorCodecs.SEND_CONNECTOR, Samples.SEND_DEFAULTS, tree -> tree.putNull("fqdn").putNull("port")));

    assertThat(read).isEqualTo(Samples.SEND_DEFAULTS);
  }

  static Stream<Arguments> brokenEnvelopes() {
    return Stream.of(
        Arguments.of("empty", new byte[0], "", "is empty"),
        Arguments.of("not UTF-8", new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}, "", "is not UTF-8"),
        Arguments.of("Latin-1", "{\"name\":\"Zürich\"}".getBytes(StandardCharsets.ISO_8859_1), "", "is not UTF-8"),
        Arguments.of("not JSON", json("{'schemaVersion':1,"), "", "is not valid JSON"),
        Arguments.of("plain text", json("name: Internet"), "", "is not valid JSON"),
        Arguments.of("an array", json("[{'schemaVersion':1}]"), "", "must hold a JSON object, not ARRAY"),
        Arguments.of("a string", json("'schemaVersion'"), "", "must hold a JSON object"),
        Arguments.of("JSON null", json("null"), "", "must hold a JSON object"),
        Arguments.of("two documents", json("{'schemaVersion':1,'name':'a'} {'name':'b'}"), "", "is not valid JSON"),
        Arguments.of("no schemaVersion", json("{'name':'Site-A'}"), "schemaVersion", "is missing"),
        Arguments.of("schemaVersion null", json("{'schemaVersion':null,'name':'Site-A'}"), "schemaVersion",
            "is missing"),
        Arguments.of("schemaVersion 0", json("{'schemaVersion':0,'name':'Site-A'}"), "schemaVersion",
            "must be 1 or more, not 0"),
        Arguments.of("schemaVersion -1", json("{'schemaVersion':-1,'name':'Site-A'}"), "schemaVersion",
            "must be 1 or more"),
        Arguments.of("schemaVersion text", json("{'schemaVersion':'1','name':'Site-A'}"), "schemaVersion",
            "must be a whole number"),
        Arguments.of("schemaVersion 1.5", json("{'schemaVersion':1.5,'name':'Site-A'}"), "schemaVersion",
            "must be a whole number"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenEnvelopes")
  void aBrokenEnvelopeIsRefusedNamingTheZnode(String why, byte[] data, String field, String problem) {
    CodecException e = catchThrowableOfType(CodecException.class,
        () -> DirectoryCodec.decode(TopologyCodecs.SITE, PATH, data));

    assertThat(e).as(why).isNotNull();
    assertThat(e.path()).isEqualTo(PATH);
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage()).startsWith(PATH + ": ").contains(problem);
  }

  @Test
  void noDataIsRefusedLikeAnEmptyDocument() {
    CodecException e = catchThrowableOfType(CodecException.class,
        () -> DirectoryCodec.decode(TopologyCodecs.SITE, PATH, null));

    assertThat(e.field()).isEmpty();
    assertThat(e.getMessage()).contains("is empty");
  }

  @Test
  void theJsonErrorSaysWhere() {
    CodecException e = catchThrowableOfType(CodecException.class,
        () -> DirectoryCodec.decode(TopologyCodecs.SITE, PATH, json("{\n'schemaVersion': 1,\n'name' 'Site-A'}")));

    assertThat(e.getMessage()).contains("line 3");
  }

  @Test
  void treeLeavesTheSchemaVersionToTheEnvelope() {
    assertThat(DirectoryCodec.tree(TopologyCodecs.SITE, Site.of("Site-A")).has("schemaVersion")).isFalse();
  }

  private static String strictUtf8(byte[] data) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)).toString();
  }
}
