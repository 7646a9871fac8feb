package dev.sluice.directory.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns directory objects into the UTF-8 JSON documents stored one per znode, and back: the one place
 * where the directory's JSON is written and read.
 *
 * <p>Thread-safe. Every document carries {@value #SCHEMA_FIELD}; a document of a newer schema is read for
 * the fields this version knows (a newer writer must not break an older reader). Decoding failures
 * are {@link CodecException}s naming the znode and the field.
 */
public final class DirectoryCodec {
  /** The field that carries the schema version of a document. */
  public static final String SCHEMA_FIELD = "schemaVersion";
  /** The schema version this code writes. */
  public static final int SCHEMA_VERSION = 1;

  // Trailing tokens fail: "{...} {...}" is a torn or concatenated write, not a document to half-read.
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private DirectoryCodec() {}

  /** The document of {@code value}. */
  public static <T> byte[] encode(ObjectCodec<T> codec, T value) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put(SCHEMA_FIELD, SCHEMA_VERSION);
    codec.write(value, out);
    try {
      return MAPPER.writeValueAsBytes(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the document of " + value, e);
    }
  }

  /** The object in the document {@code data} of the znode {@code path}. */
  public static <T> T decode(ObjectCodec<T> codec, String path, byte[] data) {
    DocumentReader reader = open(path, data);
    return codec.read(reader);
  }

  /** Parses and checks the envelope of a document: UTF-8, one JSON object, a schema version. */
  public static DocumentReader open(String path, byte[] data) {
    if (data == null || data.length == 0) {
      throw new CodecException(path, "", "is empty; it must hold a JSON object with " + SCHEMA_FIELD);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CodecException(path, "", "is not UTF-8 text", e);
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new CodecException(path, "", "is not valid JSON: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
    }
    if (node == null || !node.isObject()) {
      throw new CodecException(path, "", "must hold a JSON object, not " + (node == null ? "nothing" : node.getNodeType()));
    }
    DocumentReader reader = new DocumentReader(path, (ObjectNode) node);
    if (!reader.has(SCHEMA_FIELD)) {
      throw new CodecException(path, SCHEMA_FIELD, "is missing; every document carries its schema version");
    }
    int version = reader.integer(SCHEMA_FIELD, 0);
    if (version < 1) {
      throw new CodecException(path, SCHEMA_FIELD, "must be 1 or more, not " + version);
    }
    return reader;
  }

  /** A fresh JSON object, for codecs that nest objects. */
  static ObjectNode newObject() {
    return MAPPER.createObjectNode();
  }

  /** The pretty-printed JSON of {@code node}, for the CLI's json format. */
  public static String print(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JSON tree of {@code value} as its document holds it, without the schema version. */
  public static <T> ObjectNode tree(ObjectCodec<T> codec, T value) {
    ObjectNode out = MAPPER.createObjectNode();
    codec.write(value, out);
    return out;
  }

  /** The shared mapper, for callers that print JSON the same way. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
