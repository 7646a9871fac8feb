package dev.sluice.directory;

import java.util.Objects;

/**
 * An object as read from the directory, with the znode version a compare-and-set update must name.
 *
 * @param value the object
 * @param version the znode's data version
 * @param path its znode
 */
public record Versioned<T>(T value, int version, String path) {
  public Versioned {
    Objects.requireNonNull(value, "a versioned object needs its value");
    Objects.requireNonNull(path, "a versioned object needs its path");
  }
}
