package dev.sluice.node.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a node configuration was refused, as one line: the file, the key's path and what is wrong
 * ({@code config.yaml: smtp.listen: '127.0.0.1' is not host:port (such as 127.0.0.1:2525)}).
 *
 * <p>Immutable. The node prints the message and does not start.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String key;
  private final String problem;

  /** A problem with the value, or the absence, of {@code key} (a dotted path such as {@code smtp.tls.key}). */
  public ConfigException(String source, String key, String problem) {
    super(source + ": " + key + ": " + problem);
    this.source = Objects.requireNonNull(source);
    this.key = Objects.requireNonNull(key);
    this.problem = Objects.requireNonNull(problem);
  }

  private ConfigException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.source = Objects.requireNonNull(source);
    this.key = null;
    this.problem = Objects.requireNonNull(problem);
  }

  /** A problem with the file as a whole: it cannot be read, it is not YAML, it is not a map. */
  public static ConfigException ofFile(String source, String problem, Throwable cause) {
    return new ConfigException(source, problem, cause);
  }

  /** The configuration file, or the name a test gave its text. */
  public String source() {
    return source;
  }

  /** The dotted path of the key at fault; empty when the file as a whole is. */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  /** What is wrong, without the file and the key. */
  public String problem() {
    return problem;
  }
}
