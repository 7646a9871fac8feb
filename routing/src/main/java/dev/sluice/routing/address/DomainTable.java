package dev.sluice.routing.address;

/**
 * A frozen {@link DomainTrie} flattened into one open-addressing table: each edge of the trie, keyed
 * by its parent node and its label, holds the child's node number and the codes of the child's two
 * answers, so that a recipient's domain costs one probe of one array per label and no object is read.
 *
 * <p>Immutable and thread-safe once built. The cost of a lookup on the routing hot path is its cache
 * misses, so an edge is three adjacent longs (one line, mostly) and the answer code sits in the slot
 * the last probe reads. A label of at most {@link #PACKED_MAX} characters (most of them: {@code com},
 * {@code contoso}) is its own key, packed six bits a character; a longer one is keyed by its
 * lower-case {@link String#hashCode} and checked against its text.
 */
final class DomainTable {
  /** The longest label held packed: 10 characters of 6 bits fit in 60 bits. */
  static final int PACKED_MAX = 10;
  /** What {@link #lookup} answers for a domain that is not a valid name. */
  static final int INVALID = -1;
  /**
   * The child number of an edge to a node without children: a lookup stops there without probing
   * for the next label, which saves a cache miss for a domain below a {@code *.} space's node.
   */
  static final int LEAF = -1;

  /** Longs per edge: the label key, then parent and child, then the child's own and below codes. */
  private static final int STRIDE = 3;
  /** Marks a key that is the hash of a long label; packed keys use at most 60 bits. */
  private static final long HASHED = 1L << 63;

  private final long[] slots;
  /** The text of each long label, by edge slot; null when the table holds none. */
  private final String[] longLabels;
  private final int mask;
  private final int rootBelow;

  private DomainTable(long[] slots, String[] longLabels, int mask, int rootBelow) {
    this.slots = slots;
    this.longLabels = longLabels;
    this.mask = mask;
    this.rootBelow = rootBelow;
  }

  /** Collects the edges of a trie; one thread, then {@link #build}. */
  static final class Builder {
    private final long[] slots;
    private String[] longLabels;
    private final int mask;

    /** A builder for {@code edges} edges; the table stays at most half full, so probes stay short. */
    Builder(int edges) {
      int capacity = Integer.highestOneBit(Math.max(1, edges) * 2 + 1) * 2;
      this.slots = new long[capacity * STRIDE];
      this.mask = capacity - 1;
    }

    /**
     * Adds the edge from node {@code parent} by the lower-case {@code label} to node {@code child}
     * ({@link #LEAF} when it has no children), whose own domain answers {@code own} and a domain
     * below it without a node of its own {@code below}.
     * A label that no valid domain can hold is left out: no lookup could reach it.
     */
    void add(int parent, String label, int child, int own, int below) {
      long key = labelKey(label, 0, label.length());
      if (key == 0) {
        return;
      }
      int slot = home(parent, key);
      while (slots[slot * STRIDE] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot * STRIDE] = key;
      slots[slot * STRIDE + 1] = (long) parent << 32 | Integer.toUnsignedLong(child);
      slots[slot * STRIDE + 2] = (long) own << 32 | Integer.toUnsignedLong(below);
      if (key < 0) {
        if (longLabels == null) {
          longLabels = new String[mask + 1];
        }
        longLabels[slot] = label;
      }
    }

    /** The table; {@code rootBelow} answers a domain with no node at all (the {@code *} spaces). */
    DomainTable build(int rootBelow) {
      return new DomainTable(slots, longLabels, mask, rootBelow);
    }

    private int home(int parent, long key) {
      return DomainTable.home(parent, key, mask);
    }
  }

  /** This table with every answer code {@code c} replaced by {@code codes[c]}. */
  DomainTable recoded(int[] codes) {
    long[] copy = slots.clone();
    for (int at = 0; at < copy.length; at += STRIDE) {
      if (copy[at] != 0) {
        long answers = copy[at + 2];
        copy[at + 2] = (long) codes[(int) (answers >>> 32)] << 32 | Integer.toUnsignedLong(codes[(int) answers]);
      }
    }
    return new DomainTable(copy, longLabels, mask, codes[rootBelow]);
  }

  /**
   * The answer code of the ASCII domain {@code text[from, to)} in any case, without its trailing dot:
   * the own answer of its node, or the below answer of its deepest ancestor that has one;
   * {@link #INVALID} when it is not a valid domain name. Every label is checked against
   * {@link DomainName}'s rules in the pass that keys it, also those below the deepest node.
   */
  int lookup(String text, int from, int to) {
    if (to - from < 1 || to - from > DomainName.MAX_LENGTH) {
      return INVALID;
    }
    int node = 0;
    int answer = rootBelow;
    boolean descending = true;
    int end = to;
    while (true) {
      int start = end;
      while (start > from && text.charAt(start - 1) != '.') {
        start--;
      }
      long key = labelKey(text, start, end);
      if (key == 0) {
        return INVALID;
      }
      if (descending) {
        int slot = find(node, key, text, start, end);
        if (slot < 0) {
          // No node below: the rest of the domain is only checked.
          descending = false;
        } else {
          long answers = slots[slot * STRIDE + 2];
          if (start == from) {
            return (int) (answers >>> 32);
          }
          answer = (int) answers;
          node = (int) slots[slot * STRIDE + 1];
          descending = node != LEAF;
        }
      }
      if (start == from) {
        return answer;
      }
      end = start - 1;
    }
  }

  private int find(int parent, long key, String text, int from, int to) {
    for (int slot = home(parent, key, mask); ; slot = (slot + 1) & mask) {
      long held = slots[slot * STRIDE];
      if (held == 0) {
        return -1;
      }
      if (held == key && (int) (slots[slot * STRIDE + 1] >>> 32) == parent
          && (key > 0 || sameLabel(longLabels[slot], text, from, to))) {
        return slot;
      }
    }
  }

  private static int home(int parent, long key, int mask) {
    long h = (key + parent * 0x9E3779B97F4A7C15L) * 0xC2B2AE3D27D4EB4FL;
    return (int) (h ^ (h >>> 29)) & mask;
  }

  /**
   * The key of the label {@code text[from, to)} (letters in any case, digits, hyphens): packed six bits
   * a character when it has at most {@link #PACKED_MAX}, else {@link #HASHED} with the lower-case
   * {@link String#hashCode}; 0 when it breaks {@link DomainName}'s label rules. One pass: this runs
   * for every label of every recipient.
   */
  static long labelKey(String text, int from, int to) {
    int length = to - from;
    if (length < 1 || length > DomainName.MAX_LABEL_LENGTH || text.charAt(from) == '-' || text.charAt(to - 1) == '-') {
      return 0;
    }
    long packed = 0;
    int hash = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      int code;
      if (c >= 'a' && c <= 'z') {
        code = c - 'a' + 1;
      } else if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
        code = c - 'a' + 1;
      } else if (c >= '0' && c <= '9') {
        code = c - '0' + 27;
      } else if (c == '-') {
        code = 37;
      } else {
        return 0;
      }
      packed = packed << 6 | code;
      hash = 31 * hash + c;
    }
    return length <= PACKED_MAX ? packed : HASHED | Integer.toUnsignedLong(hash);
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
}
