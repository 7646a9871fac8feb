package dev.sluice.directory;

import dev.sluice.routing.model.OrganizationConfig;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The objects of {@code /config} by kind and identity (case-insensitive), and the organization they make.
 *
 * <p>Immutable; {@link #with} and {@link #without} return new views (the writer builds "the organization
 * as it would be after the write" with them). Objects keep the order in which they were added.
 */
public final class ConfigView {
  private final Map<ObjectKind<?>, Map<String, Object>> objects;

  private ConfigView(Map<ObjectKind<?>, Map<String, Object>> objects) {
    this.objects = objects;
  }

  public static ConfigView empty() {
    return new ConfigView(Map.of());
  }

  /** A builder that collects objects as they are read. */
  public static Builder builder() {
    return new Builder();
  }

  /** The object of {@code kind} with identity {@code id}. */
  public <T> Optional<T> get(ObjectKind<T> kind, String id) {
    return Optional.ofNullable(objects.getOrDefault(kind, Map.of()).get(key(id))).map(kind.type()::cast);
  }

  /** Every object of {@code kind}. */
  public <T> List<T> all(ObjectKind<T> kind) {
    return objects.getOrDefault(kind, Map.of()).values().stream().map(kind.type()::cast).toList();
  }

  /** This view with {@code object} added or replacing the one of the same identity. */
  public <T> ConfigView with(ObjectKind<T> kind, T object) {
    Map<ObjectKind<?>, Map<String, Object>> copy = new HashMap<>(objects);
    Map<String, Object> ofKind = new LinkedHashMap<>(copy.getOrDefault(kind, Map.of()));
    ofKind.put(key(kind.identity(object)), object);
    copy.put(kind, Collections.unmodifiableMap(ofKind));
    return new ConfigView(Collections.unmodifiableMap(copy));
  }

  /** This view without the object of {@code kind} with identity {@code id}. */
  public ConfigView without(ObjectKind<?> kind, String id) {
    Map<ObjectKind<?>, Map<String, Object>> copy = new HashMap<>(objects);
    Map<String, Object> ofKind = new LinkedHashMap<>(copy.getOrDefault(kind, Map.of()));
    ofKind.remove(key(id));
    copy.put(kind, Collections.unmodifiableMap(ofKind));
    return new ConfigView(Collections.unmodifiableMap(copy));
  }

  /** The organization {@code name} these objects make. */
  public OrganizationConfig organization(String name) {
    return new OrganizationConfig(
        name,
        all(ObjectKind.SITE),
        all(ObjectKind.SITE_LINK),
        all(ObjectKind.SERVER),
        all(ObjectKind.ACCEPTED_DOMAIN),
        all(ObjectKind.SEND_CONNECTOR),
        all(ObjectKind.FOREIGN_CONNECTOR),
        all(ObjectKind.EDGE_SUBSCRIPTION),
        all(ObjectKind.RECEIVE_CONNECTOR));
  }

  static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }

  /** Collects objects; not thread-safe. */
  public static final class Builder {
    private final Map<ObjectKind<?>, Map<String, Object>> objects = new HashMap<>();

    public <T> Builder add(ObjectKind<T> kind, T object) {
      objects.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(key(kind.identity(object)), object);
      return this;
    }

    /** Adds an object whose kind is known only at run time (the cache's). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Builder addUnchecked(ObjectKind<?> kind, Object object) {
      return add((ObjectKind) kind, kind.type().cast(object));
    }

    public ConfigView build() {
      Map<ObjectKind<?>, Map<String, Object>> copy = new HashMap<>();
      objects.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
      return new ConfigView(Collections.unmodifiableMap(copy));
    }
  }
}
