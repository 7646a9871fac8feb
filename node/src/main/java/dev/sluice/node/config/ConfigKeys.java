package dev.sluice.node.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every key a node configuration file may hold, by section: the one list the loader checks a file against
 * and the README documents.
 *
 * <p>Stateless and thread-safe.
 */
final class ConfigKeys {
  /** The root section's path. */
  static final String ROOT = "";

  /** What a file must give; the embedded default gives them all. */
  static final List<String> REQUIRED =
      List.of("server.name", "server.role", "server.site", "server.fqdn", "zookeeper.connect", "spool.dir");

  private static final Map<String, List<String>> SECTIONS = Map.ofEntries(
      Map.entry(ROOT, List.of("server", "zookeeper", "smtp", "admin", "metrics", "spool", "dns", "limits", "queue")),
      Map.entry("server", List.of("name", "role", "site", "fqdn")),
      Map.entry("zookeeper", List.of("connect", "data-dir", "root", "credentials-file", "session-timeout", "cluster-key-file")),
      Map.entry("smtp", List.of("listen", "tls")),
      Map.entry("smtp.tls", List.of("certificate", "key", "trust-certificates")),
      Map.entry("admin", List.of("listen")),
      Map.entry("metrics", List.of("listen")),
      Map.entry("spool", List.of("dir", "min-free-space", "commit-delay")),
      Map.entry("dns", List.of("servers", "external-servers")),
      Map.entry("limits", List.of("max-connections", "max-command-line", "max-auth-line", "max-text-line",
          "max-header-bytes", "max-junk-commands", "greeting-delay", "starttls-timeout", "data-timeout", "min-data-rate",
          "shutdown-grace", "poison-threshold")),
      Map.entry("queue", List.of("glitch-retry-count", "glitch-retry-interval", "transient-retry-count", "transient-retry-interval",
          "outbound-connection-failure-retry-interval", "message-retry-interval", "delay-notification-timeout",
          "message-expiration-timeout", "max-per-domain-connections", "reply-timeout")));

  private ConfigKeys() {}

  static boolean isSection(String path) {
    return SECTIONS.containsKey(path);
  }

  /** The keys directly under {@code section}, in the README's order. */
  static List<String> keysOf(String section) {
    return SECTIONS.get(section);
  }

  static String join(String section, String key) {
    return section.isEmpty() ? key : section + "." + key;
  }

  /** Whether {@code path} is a key that holds a value (not a section). */
  static boolean isValueKey(String path) {
    int dot = path.lastIndexOf('.');
    String section = dot < 0 ? ROOT : path.substring(0, dot);
    List<String> keys = SECTIONS.get(section);
    return keys != null && keys.contains(path.substring(dot + 1)) && !isSection(path);
  }

  /** Every key that holds a value, as a dotted path, sections in order. */
  static List<String> valueKeys() {
    List<String> out = new ArrayList<>();
    collect(ROOT, out);
    return List.copyOf(out);
  }

  private static void collect(String section, List<String> out) {
    for (String key : SECTIONS.get(section)) {
      String path = join(section, key);
      if (isSection(path)) {
        collect(path, out);
      } else {
        out.add(path);
      }
    }
  }
}
