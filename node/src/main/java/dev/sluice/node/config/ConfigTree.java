package dev.sluice.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a parsed YAML document into one tree of nested maps, whether the file wrote a key nested
 * ({@code smtp: {listen: ...}}) or dotted at any level ({@code smtp.listen: ...}), and checks every key
 * against {@link ConfigKeys}.
 *
 * <p>Stateless and thread-safe. A key given twice, a key that is not known (with the nearest known one
 * suggested), and a value where a section belongs are each a {@link ConfigException} naming the key.
 */
final class ConfigTree {
  private ConfigTree() {}

  /** The document as nested maps; a missing (empty) document is an empty map. */
  static ObjectNode normalize(String source, JsonNode document) {
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    if (document == null || document.isMissingNode() || document.isNull()) {
      return tree;
    }
    if (!document.isObject()) {
      throw ConfigException.ofFile(source, "the file must be a map of keys (such as 'server: {name: HUB1}'), not "
          + ConfigValues.describe(document), null);
    }
    merge(source, tree, ConfigKeys.ROOT, document);
    return tree;
  }

  private static void merge(String source, ObjectNode target, String targetPath, JsonNode map) {
    for (Map.Entry<String, JsonNode> field : map.properties()) {
      String[] parts = field.getKey().split("\\.", -1);
      ObjectNode parent = target;
      String path = targetPath;
      for (int i = 0; i < parts.length; i++) {
        String part = parts[i].strip();
        path = ConfigKeys.join(path, part);
        if (part.isEmpty()) {
          throw new ConfigException(source, ConfigKeys.join(targetPath, field.getKey()),
              "is not a key: a dotted key has no empty parts");
        }
        JsonNode existing = parent.get(part);
        boolean last = i == parts.length - 1;
        JsonNode value = field.getValue();
        if (!last || value.isObject()) {
          if (existing != null && !existing.isObject()) {
            throw givenTwice(source, path);
          }
          ObjectNode child = existing == null ? parent.putObject(part) : (ObjectNode) existing;
          if (last) {
            merge(source, child, path, value);
          }
          parent = child;
        } else if (existing != null) {
          throw givenTwice(source, path);
        } else {
          parent.set(part, value);
        }
      }
    }
  }

  private static ConfigException givenTwice(String source, String path) {
    return new ConfigException(source, path, "given twice (once nested, once as a dotted key): keep one");
  }

  /** Refuses an unknown key, or a value where a section belongs; a null section counts as empty. */
  static void checkKeys(String source, ObjectNode tree) {
    check(source, ConfigKeys.ROOT, tree);
  }

  private static void check(String source, String section, ObjectNode node) {
    List<String> known = ConfigKeys.keysOf(section);
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String path = ConfigKeys.join(section, field.getKey());
      if (!known.contains(field.getKey())) {
        throw new ConfigException(source, path, "unknown key" + suggestion(section, field.getKey(), known) + "; "
            + (section.isEmpty() ? "the top-level keys are " : "the keys of " + section + " are ")
            + String.join(", ", known));
      }
      JsonNode value = field.getValue();
      if (ConfigKeys.isSection(path) && value.isObject()) {
        check(source, path, (ObjectNode) value);
      } else if (ConfigKeys.isSection(path) && !value.isNull()) {
        throw new ConfigException(source, path, ConfigValues.describe(value) + " where a section is expected"
            + " (keys " + String.join(", ", ConfigKeys.keysOf(path)) + ")");
      }
    }
  }

  private static String suggestion(String section, String key, List<String> known) {
    String k = key.toLowerCase(Locale.ROOT);
    return known.stream()
        .filter(candidate -> distance(k, candidate) <= Math.max(2, candidate.length() / 4))
        .min(Comparator.comparingInt(candidate -> distance(k, candidate)))
        .map(candidate -> " (did you mean " + ConfigKeys.join(section, candidate) + "?)")
        .orElse("");
  }

  /** Levenshtein distance: how many inserted, deleted or replaced characters turn {@code a} into {@code b}. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
