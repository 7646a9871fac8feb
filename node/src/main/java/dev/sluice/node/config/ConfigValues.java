package dev.sluice.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.routing.model.Names;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.TimeSpan;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kinds of value a configuration key holds, each a parser from a YAML node to a Java value.
 *
 * <p>Stateless and thread-safe. A parser throws IllegalArgumentException whose message quotes the value and
 * says what was expected; {@link ConfigReader} adds the file and the key.
 */
final class ConfigValues {
  /** Reads one key's value. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(JsonNode value);
  }

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?b)?(/s)?", Pattern.CASE_INSENSITIVE);
  private static final List<String> SIZE_UNITS = List.of("b", "kb", "mb", "gb", "tb");
  private static final int ZOOKEEPER_PORT = 2181;
  private static final int DNS_PORT = 53;

  static final Parser<String> TEXT = value -> {
    if (value.isNumber() || value.isBoolean()) {
      // YAML reads 010 as 8 and yes as true: refuse rather than pass on a text the file did not hold.
      throw new IllegalArgumentException(describe(value) + " where a text is expected: write the text in quotes");
    }
    return scalar(value, "a text");
  };

  static final Parser<ServerRole> ROLE = value -> {
    String text = scalar(value, "hub or edge");
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "hub" -> ServerRole.HUB;
      case "edge" -> ServerRole.EDGE;
      default -> throw new IllegalArgumentException("'" + text + "' is not hub or edge");
    };
  };

  static final Parser<Boolean> BOOLEAN = value -> {
    String text = scalar(value, "true or false").strip().toLowerCase(Locale.ROOT);
    if (!text.equals("true") && !text.equals("false")) {
      throw new IllegalArgumentException("'" + text + "' is not true or false");
    }
    return text.equals("true");
  };

  /** A name: a text with a visible character and no line break. */
  static final Parser<String> NAME = value -> Names.requireName(TEXT.parse(value), "the name");

  /** A host name, as EHLO gives it. */
  static final Parser<String> HOST_NAME = value -> {
    String text = TEXT.parse(value).strip();
    if (!HostPort.isHostName(text)) {
      throw new IllegalArgumentException("'" + text + "' is not a host name (such as hub1.contoso.com)");
    }
    return text.toLowerCase(Locale.ROOT);
  };

  static final Parser<String> ZNODE_ROOT = value -> DirectoryLayout.at(TEXT.parse(value)).root();

  /** {@code embedded}, or host[:port] entries joined by commas (port 2181 when left out). */
  static final Parser<String> ZOOKEEPER_CONNECT = value -> {
    String text = TEXT.parse(value).strip();
    if (text.equalsIgnoreCase(NodeConfig.ZooKeeper.EMBEDDED)) {
      return NodeConfig.ZooKeeper.EMBEDDED;
    }
    String expected = "' is not 'embedded' or a connect string such as zk1:2181,zk2:2181,zk3:2181";
    if (text.contains("/")) {
      // One place for the root: a chroot would silently move every path the directory's ACLs name.
      throw new IllegalArgumentException("'" + text + expected + ": give the root znode as zookeeper.root");
    }
    for (String server : text.split(",", -1)) {
      try {
        requireConnectable(HostPort.parse(server, ZOOKEEPER_PORT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + text + expected + " (" + e.getMessage() + ")");
      }
    }
    return text;
  };

  private ConfigValues() {}

  /** host:port; the message of a bad one shows {@code example}. */
  static Parser<HostPort> hostPort(HostPort example) {
    return value -> {
      String text = scalar(value, "host:port (such as " + example + ")");
      try {
        return HostPort.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + " (such as " + example + ")");
      }
    };
  }

  /** Resolvers: a YAML list or a comma-separated text of host[:port], port 53 when left out. */
  static final Parser<List<HostPort>> DNS_SERVERS = value -> {
    List<String> entries = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(entry -> entries.add(scalar(entry, "host:port")));
    } else {
      for (String entry : scalar(value, "a list of host:port").split(",", -1)) {
        entries.add(entry);
      }
    }
    List<HostPort> servers = new ArrayList<>();
    for (String entry : entries) {
      servers.add(requireConnectable(HostPort.parse(entry, DNS_PORT)));
    }
    return List.copyOf(servers);
  };

  /** A time span such as 30s, 10m or 00:10:00; zero only when {@code zeroAllowed}. */
  static Parser<Duration> duration(boolean zeroAllowed) {
    return value -> {
      String text = scalar(value, "a time span (such as 30s)");
      Duration d;
      try {
        d = TimeSpan.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + text + "' is not a time span (such as 30s, 10m or 00:10:00)");
      }
      if (d.isZero() && !zeroAllowed) {
        throw new IllegalArgumentException("'" + text + "' is zero: give a positive time span (such as 30s)");
      }
      return d;
    };
  }

  /** A whole number of bytes, with an optional unit B, KB, MB, GB, TB (binary multiples), min to max. */
  static Parser<Long> size(long min, long max) {
    return sizeOrRate(min, max, false);
  }

  /** A size per second, such as 1KB/s (the /s may be left out). */
  static Parser<Long> rate() {
    return sizeOrRate(0, Long.MAX_VALUE, true);
  }

  private static Parser<Long> sizeOrRate(long min, long max, boolean rate) {
    String example = rate ? "1KB/s" : "100MB, 512KB or a byte count";
    return value -> {
      String text = scalar(value, "a size (such as " + example + ")").strip();
      Matcher m = SIZE.matcher(text);
      if (!m.matches() || (m.group(3) != null && !rate)) {
        throw new IllegalArgumentException("'" + text + "' is not a " + (rate ? "rate" : "size")
            + " (such as " + example + ")");
      }
      int unit = m.group(2) == null ? 0 : SIZE_UNITS.indexOf(m.group(2).toLowerCase(Locale.ROOT));
      long bytes;
      try {
        bytes = Math.multiplyExact(Long.parseLong(m.group(1)), 1L << (10 * unit));
      } catch (ArithmeticException | NumberFormatException e) {
        bytes = -1; // past Long.MAX_VALUE: more than any key takes
      }
      if (bytes < 0 || bytes > max) {
        throw new IllegalArgumentException("'" + text + "' is more than the most this key takes, " + max + " bytes");
      }
      if (bytes < min) {
        throw new IllegalArgumentException("'" + text + "' is less than the least this key takes, " + min + " bytes");
      }
      return bytes;
    };
  }

  /** A whole number from {@code min} to {@code max}. */
  static Parser<Integer> integer(int min, int max) {
    return value -> {
      String text = scalar(value, "a whole number").strip();
      long n;
      try {
        n = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is not a whole number");
      }
      if (n < min || n > max) {
        throw new IllegalArgumentException(text + (max == Integer.MAX_VALUE
            ? " is less than " + min + ", the least this key takes"
            : " is not between " + min + " and " + max));
      }
      return (int) n;
    };
  }

  /** A path; a relative one is resolved against {@code baseDir} (the configuration file's directory). */
  static Parser<Path> path(Path baseDir) {
    return value -> {
      String text = TEXT.parse(value);
      try {
        return baseDir.resolve(Path.of(text.strip())).toAbsolutePath().normalize();
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("'" + text + "' is not a path: " + e.getReason());
      }
    };
  }

  /** A path to a file that exists and can be read. */
  static Parser<Path> readableFile(Path baseDir) {
    return value -> {
      Path file = path(baseDir).parse(value);
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new IllegalArgumentException(quoteResolved(value, file) + " is not a readable file");
      }
      return file;
    };
  }

  /** A path to a directory, or to nothing yet (the node creates it). */
  static Parser<Path> directory(Path baseDir) {
    return value -> {
      Path dir = path(baseDir).parse(value);
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw new IllegalArgumentException(quoteResolved(value, dir) + " is not a directory");
      }
      return dir;
    };
  }

  private static String quoteResolved(JsonNode value, Path resolved) {
    String text = value.asText().strip();
    return "'" + text + "'" + (Path.of(text).isAbsolute() ? "" : " (" + resolved + ")");
  }

  private static HostPort requireConnectable(HostPort server) {
    if (server.port() == 0) {
      throw new IllegalArgumentException("port 0 is only for listen addresses: give the server's port");
    }
    return server;
  }

  /** The text of a scalar value; a list, a map or no value at all is refused as not {@code expected}. */
  static String scalar(JsonNode value, String expected) {
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("has no value: give " + expected);
    }
    if (!value.isValueNode() || value.isBinary()) {
      throw new IllegalArgumentException(describe(value) + " where " + expected + " is expected"
          + (value.isArray() && expected.startsWith("host:port") ? " (an IPv6 address goes in quotes: '[::1]:25')" : ""));
    }
    return value.asText();
  }

  /** What a YAML value is, for a message: "a list", "a map", "the number 8". */
  static String describe(JsonNode value) {
    if (value.isArray()) {
      return "a list";
    }
    if (value.isObject()) {
      return "a map";
    }
    if (value.isNumber()) {
      return "the number " + value.asText();
    }
    if (value.isBoolean()) {
      return "the boolean " + value.asText();
    }
    if (value.isBinary()) {
      return "binary data";
    }
    return "the text '" + value.asText() + "'";
  }
}
