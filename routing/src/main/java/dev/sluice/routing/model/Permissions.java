package dev.sluice.routing.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The permission entries of a Send connector: which extended rights each principal holds.
 *
 * <p>Immutable; {@link #grant} and {@link #revoke} return new values (Add-ADPermission and
 * Remove-ADPermission).
 *
 * @param entries principal to its rights; a principal with no rights is not listed
 */
public record Permissions(Map<Principal, Set<ExtendedRight>> entries) {
  public static final Permissions NONE = new Permissions(Map.of());

  public Permissions {
    EnumMap<Principal, Set<ExtendedRight>> copy = new EnumMap<>(Principal.class);
    entries.forEach(
        (principal, rights) -> {
          if (principal == null || rights == null) {
            throw new IllegalArgumentException("a permission entry needs a principal and its rights");
          }
          if (!rights.isEmpty()) {
            copy.put(principal, Collections.unmodifiableSet(EnumSet.copyOf(rights)));
          }
        });
    entries = Collections.unmodifiableMap(copy);
  }

  /** The rights {@code principal} holds (empty when none). */
  public Set<ExtendedRight> rightsOf(Principal principal) {
    return entries.getOrDefault(principal, Set.of());
  }

  /** Whether {@code principal} holds {@code right}. */
  public boolean holds(Principal principal, ExtendedRight right) {
    return rightsOf(principal).contains(right);
  }

  /** These permissions with {@code rights} granted to {@code principal} as well. */
  public Permissions grant(Principal principal, Set<ExtendedRight> rights) {
    EnumMap<Principal, Set<ExtendedRight>> copy = mutableCopy();
    Set<ExtendedRight> now = copy.computeIfAbsent(principal, p -> EnumSet.noneOf(ExtendedRight.class));
    now.addAll(rights);
    return new Permissions(copy);
  }

  /** These permissions with {@code rights} taken from {@code principal}. */
  public Permissions revoke(Principal principal, Set<ExtendedRight> rights) {
    EnumMap<Principal, Set<ExtendedRight>> copy = mutableCopy();
    Set<ExtendedRight> now = copy.get(principal);
    if (now != null) {
      now.removeAll(rights);
    }
    return new Permissions(copy);
  }

  private EnumMap<Principal, Set<ExtendedRight>> mutableCopy() {
    EnumMap<Principal, Set<ExtendedRight>> copy = new EnumMap<>(Principal.class);
    entries.forEach((p, r) -> copy.put(p, EnumSet.copyOf(r)));
    return copy;
  }
}
