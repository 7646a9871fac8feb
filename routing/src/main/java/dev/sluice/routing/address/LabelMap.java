package dev.sluice.routing.address;

import java.util.Map;

/**
 * An immutable open-addressing map from lower-case domain labels to values, probed with a label that
 * is a region of a longer string in any case, so that a lookup neither copies nor lower-cases it.
 *
 * <p>Immutable and thread-safe once built. The caller computes the probe's hash with
 * {@link String#hashCode}'s formula over the lower-cased characters, so it equals the key's own hash.
 */
final class LabelMap<V> {
  private static final LabelMap<?> EMPTY = new LabelMap<>(Map.of());

  private final String[] keys;
  private final int[] hashes;
  private final Object[] values;
  private final int mask;

  private LabelMap(Map<String, V> entries) {
    int capacity = Integer.highestOneBit(Math.max(1, entries.size()) * 2 + 1) * 2;
    keys = new String[capacity];
    hashes = new int[capacity];
    values = new Object[capacity];
    mask = capacity - 1;
    for (Map.Entry<String, V> entry : entries.entrySet()) {
      int hash = entry.getKey().hashCode();
      int slot = spread(hash) & mask;
      while (keys[slot] != null) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = entry.getKey();
      hashes[slot] = hash;
      values[slot] = entry.getValue();
    }
  }

  @SuppressWarnings("unchecked")
  static <V> LabelMap<V> of(Map<String, V> entries) {
    return entries.isEmpty() ? (LabelMap<V>) EMPTY : new LabelMap<>(entries);
  }

  /** Hands every value to {@code action}. */
  @SuppressWarnings("unchecked")
  void forEachValue(java.util.function.Consumer<V> action) {
    for (int slot = 0; slot < keys.length; slot++) {
      if (keys[slot] != null) {
        action.accept((V) values[slot]);
      }
    }
  }

  /** The value of the label {@code text[from, to)} (ASCII, any case) whose lower-case hash is {@code hash}, or null. */
  @SuppressWarnings("unchecked")
  V get(String text, int from, int to, int hash) {
    for (int slot = spread(hash) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
      if (hashes[slot] == hash && sameLabel(keys[slot], text, from, to)) {
        return (V) values[slot];
      }
    }
    return null;
  }

  private static boolean sameLabel(String key, String text, int from, int to) {
    if (key.length() != to - from) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = text.charAt(from + i);
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != key.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }
}
