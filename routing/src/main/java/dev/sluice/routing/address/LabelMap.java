package dev.sluice.routing.address;

import java.util.HashMap;
import java.util.Map;

/**
 * An immutable open-addressing map from lower-case domain labels to values, probed with a label that
 * is a region of a longer string in any case, so that a lookup neither copies nor lower-cases it.
 *
 * <p>Immutable and thread-safe once built. A label of at most {@link #PACKED_MAX} characters (most of
 * them: {@code com}, {@code contoso}, {@code example}) is held packed into one {@code long}, six bits
 * a character, so that finding it reads one slot of one array and compares two numbers: on the routing
 * hot path the lookup's cost is its cache misses, and a key string would add two. Longer labels are
 * held as strings, probed with {@link String#hashCode}'s formula over the lower-cased characters,
 * which the caller computes.
 */
final class LabelMap<V> {
  /** The longest label held packed: 10 characters of 6 bits fit in 60 bits. */
  static final int PACKED_MAX = 10;

  private static final LabelMap<?> EMPTY = new LabelMap<>(Map.of());

  private final long[] packed;
  private final Object[] packedValues;
  /** Beside each value, what {@link #attach} derived from it (the trie's compiled answers). */
  private final Object[] packedAttached;
  private final Object[] attached;
  private final int packedMask;
  private final String[] keys;
  private final int[] hashes;
  private final Object[] values;
  private final int mask;

  private LabelMap(Map<String, V> entries) {
    Map<Long, V> short_ = new HashMap<>();
    Map<String, V> long_ = new HashMap<>();
    entries.forEach((label, value) -> {
      long key = pack(label, 0, label.length());
      if (key != 0) {
        short_.put(key, value);
      } else {
        long_.put(label, value);
      }
    });
    int packedCapacity = capacity(short_.size());
    packed = new long[packedCapacity];
    packedValues = new Object[packedCapacity];
    packedAttached = new Object[packedCapacity];
    packedMask = packedCapacity - 1;
    short_.forEach((key, value) -> {
      int slot = spread(key) & packedMask;
      while (packed[slot] != 0) {
        slot = (slot + 1) & packedMask;
      }
      packed[slot] = key;
      packedValues[slot] = value;
    });
    int capacity = capacity(long_.size());
    keys = new String[capacity];
    hashes = new int[capacity];
    values = new Object[capacity];
    attached = new Object[capacity];
    mask = capacity - 1;
    long_.forEach((label, value) -> {
      int hash = label.hashCode();
      int slot = spread(hash) & mask;
      while (keys[slot] != null) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = label;
      hashes[slot] = hash;
      values[slot] = value;
    });
  }

  private static int capacity(int size) {
    return Integer.highestOneBit(Math.max(1, size) * 2 + 1) * 2;
  }

  @SuppressWarnings("unchecked")
  static <V> LabelMap<V> of(Map<String, V> entries) {
    return entries.isEmpty() ? (LabelMap<V>) EMPTY : new LabelMap<>(entries);
  }

  /**
   * The label {@code text[from, to)} (letters in any case, digits, hyphens) packed six bits a
   * character, distinct for distinct labels; 0 when it is longer than {@link #PACKED_MAX} or holds
   * another character.
   */
  static long pack(String text, int from, int to) {
    if (to - from > PACKED_MAX) {
      return 0;
    }
    long key = 0;
    for (int i = to - 1; i >= from; i--) {
      char c = text.charAt(i);
      int code;
      if (c >= 'a' && c <= 'z') {
        code = c - 'a' + 1;
      } else if (c >= 'A' && c <= 'Z') {
        code = c - 'A' + 1;
      } else if (c >= '0' && c <= '9') {
        code = c - '0' + 27;
      } else if (c == '-') {
        code = 37;
      } else if (c == '_') {
        code = 38;
      } else {
        return 0;
      }
      key = (key << 6) | code;
    }
    return key;
  }

  /**
   * Keeps {@code derive}'s result beside every value, for {@link #getAttached}: lets the last step of
   * a lookup read its answer in the slot it probes rather than in the value's object. Called once,
   * before the map is shared.
   */
  @SuppressWarnings("unchecked")
  void attach(java.util.function.Function<V, Object> derive) {
    for (int slot = 0; slot < packed.length; slot++) {
      if (packed[slot] != 0) {
        packedAttached[slot] = derive.apply((V) packedValues[slot]);
      }
    }
    for (int slot = 0; slot < keys.length; slot++) {
      if (keys[slot] != null) {
        attached[slot] = derive.apply((V) values[slot]);
      }
    }
  }

  /** Like {@link #get}, but what {@link #attach} kept beside the value; null when the label is absent. */
  Object getAttached(String text, int from, int to, int hash) {
    int slot = find(text, from, to, hash);
    return slot == ABSENT ? null : slot >= 0 ? packedAttached[slot] : attached[~slot];
  }

  /** Hands every value to {@code action}. */
  @SuppressWarnings("unchecked")
  void forEachValue(java.util.function.Consumer<V> action) {
    for (int slot = 0; slot < packed.length; slot++) {
      if (packed[slot] != 0) {
        action.accept((V) packedValues[slot]);
      }
    }
    for (int slot = 0; slot < keys.length; slot++) {
      if (keys[slot] != null) {
        action.accept((V) values[slot]);
      }
    }
  }

  /**
   * The value of the label {@code text[from, to)} (ASCII, any case), or null; {@code hash} is the
   * lower-case hash of the label, used only when it is too long to be packed.
   */
  @SuppressWarnings("unchecked")
  V get(String text, int from, int to, int hash) {
    int slot = find(text, from, to, hash);
    return (V) (slot == ABSENT ? null : slot >= 0 ? packedValues[slot] : values[~slot]);
  }

  /** What {@link #find} answers for a label that is not held. */
  private static final int ABSENT = Integer.MIN_VALUE;

  /**
   * The slot of the label: its index in the packed table, or {@code ~index} in the table of long
   * labels, or {@link #ABSENT}.
   */
  private int find(String text, int from, int to, int hash) {
    long key = pack(text, from, to);
    if (key != 0) {
      for (int slot = spread(key) & packedMask; packed[slot] != 0; slot = (slot + 1) & packedMask) {
        if (packed[slot] == key) {
          return slot;
        }
      }
      return ABSENT;
    }
    for (int slot = spread(hash) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
      if (hashes[slot] == hash && sameLabel(keys[slot], text, from, to)) {
        return ~slot;
      }
    }
    return ABSENT;
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

  private static int spread(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
