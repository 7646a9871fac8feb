package dev.sluice.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the values of a checked configuration tree by their dotted paths, turning every refusal into a
 * {@link ConfigException} that names the file and the key.
 *
 * <p>Not thread-safe (one per load); it never changes the tree. Asking for a key {@link ConfigKeys} does not
 * list is a programming error (IllegalStateException), so that no key is read that the file check and the
 * README do not know.
 */
final class ConfigReader {
  private final String source;
  private final ObjectNode tree;

  ConfigReader(String source, ObjectNode tree) {
    this.source = source;
    this.tree = tree;
  }

  /** Whether the file gives {@code key} (with a value or an explicit null). */
  boolean has(String key) {
    return find(key) != null;
  }

  <T> Optional<T> optional(String key, ConfigValues.Parser<T> parser) {
    JsonNode value = find(key);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.parse(value));
    } catch (IllegalArgumentException e) {
      throw error(key, e.getMessage());
    }
  }

  <T> T orElse(String key, ConfigValues.Parser<T> parser, T fallback) {
    return optional(key, parser).orElse(fallback);
  }

  <T> T required(String key, ConfigValues.Parser<T> parser) {
    return optional(key, parser).orElseThrow(() -> error(key, "missing"));
  }

  /** Builds a section's record, reporting what its constructor refuses as a problem of {@code section}. */
  <T> T build(String section, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw error(section, e.getMessage());
    }
  }

  ConfigException error(String key, String problem) {
    return new ConfigException(source, key, problem);
  }

  private JsonNode find(String key) {
    if (!ConfigKeys.isValueKey(key)) {
      throw new IllegalStateException(key + " is not a configuration key that holds a value; add it to ConfigKeys");
    }
    JsonNode node = tree;
    for (String part : key.split("\\.")) {
      node = node.isObject() ? node.get(part) : null;
      if (node == null) {
        return null;
      }
    }
    return node;
  }
}
