package dev.sluice.directory.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the fields of one stored document, turning every missing or malformed field into a
 * {@link CodecException} that names the znode and the field.
 *
 * <p>Not thread-safe; one per document read. Unknown fields are ignored (a newer writer must not break an
 * older reader); a field with a default may be missing (an older writer did not know it).
 */
public final class DocumentReader {
  private final String path;
  private final ObjectNode node;
  /** Prepended to field names in errors: the enclosing fields of a nested object. */
  private final String prefix;

  DocumentReader(String path, ObjectNode node) {
    this(path, node, "");
  }

  private DocumentReader(String path, ObjectNode node, String prefix) {
    this.path = path;
    this.node = node;
    this.prefix = prefix;
  }

  public String path() {
    return path;
  }

  /** A required text field. */
  public String text(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw missing(field, "a text");
    }
    if (!v.isTextual()) {
      throw new CodecException(path, prefix + field, "must be a text, not " + v.getNodeType().name().toLowerCase());
    }
    return v.textValue();
  }

  /** An optional text field: empty when missing or null. */
  public Optional<String> optionalText(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(text(field));
  }

  /** A text field with a default. */
  public String text(String field, String otherwise) {
    return optionalText(field).orElse(otherwise);
  }

  /** A boolean field with a default. */
  public boolean bool(String field, boolean otherwise) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return otherwise;
    }
    if (!v.isBoolean()) {
      throw new CodecException(path, prefix + field, "must be true or false, not " + v);
    }
    return v.booleanValue();
  }

  /** A required boolean field. */
  public boolean bool(String field) {
    if (!has(field)) {
      throw missing(field, "true or false");
    }
    return bool(field, false);
  }

  /** An integer field with a default. */
  public int integer(String field, int otherwise) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return otherwise;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new CodecException(path, prefix + field, "must be a whole number, not " + v);
    }
    return v.intValue();
  }

  /** An optional integer field. */
  public Optional<Integer> optionalInteger(String field) {
    return has(field) ? Optional.of(integer(field, 0)) : Optional.empty();
  }

  /** A long field with a default. */
  public long longValue(String field, long otherwise) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return otherwise;
    }
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new CodecException(path, prefix + field, "must be a whole number, not " + v);
    }
    return v.longValue();
  }

  /** A list of texts; empty when missing. */
  public List<String> texts(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new CodecException(path, prefix + field, "must be a list of texts, not " + v.getNodeType().name().toLowerCase());
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw new CodecException(path, prefix + field + "[" + i + "]", "must be a text, not " + v.get(i));
      }
      out.add(v.get(i).textValue());
    }
    return out;
  }

  /** An object field, read by {@code reader}; null when missing. */
  public <T> T object(String field, Function<DocumentReader, T> reader) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw new CodecException(path, prefix + field, "must be an object, not " + v.getNodeType().name().toLowerCase());
    }
    // Nested fields are named from the document's root, so an error names the whole field path.
    return reader.apply(new DocumentReader(path, (ObjectNode) v, prefix + field + "."));
  }

  /** The raw node of {@code field} (for maps), or null. */
  public JsonNode raw(String field) {
    return node.get(field);
  }

  public boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  /**
   * Converts the text of {@code field} with {@code parse} (a model parser that throws
   * IllegalArgumentException), reporting its message against the field.
   */
  public <T> T parsed(String field, Function<String, T> parse) {
    String t = text(field);
    return convert(field, t, parse);
  }

  /** Like {@link #parsed} with a default when the field is missing. */
  public <T> T parsed(String field, Function<String, T> parse, T otherwise) {
    return has(field) ? parsed(field, parse) : otherwise;
  }

  /** Each text of the list {@code field}, converted with {@code parse}. */
  public <T> List<T> parsedList(String field, Function<String, T> parse) {
    List<String> texts = texts(field);
    List<T> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      out.add(convert(field + "[" + i + "]", texts.get(i), parse));
    }
    return out;
  }

  /** Runs {@code make} (a record constructor), reporting a refusal against the document. */
  public <T> T build(java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new CodecException(path, prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), "is not valid: " + e.getMessage(), e);
    }
  }

  private <T> T convert(String field, String text, Function<String, T> parse) {
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      throw new CodecException(path, prefix + field, "'" + text + "' is not valid: " + e.getMessage(), e);
    }
  }

  private CodecException missing(String field, String what) {
    return new CodecException(path, prefix + field, "is missing; it must be " + what);
  }
}
