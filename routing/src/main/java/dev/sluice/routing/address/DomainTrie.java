package dev.sluice.routing.address;

import dev.sluice.routing.address.AddressSpaceIndex.Entry;
import dev.sluice.routing.address.AddressSpaceIndex.Match;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SMTP half of {@link AddressSpaceIndex}: a trie of domain labels read from the top-level domain
 * down, whose every node holds the finished answer for a recipient domain that ends there.
 *
 * <p>Built by one thread ({@link #add}, then {@link #freeze}), then immutable and safe to share. A
 * lookup costs one hash probe per label of the recipient's domain and allocates only the labels: each
 * node keeps two shared immutable lists, the matches of its own domain and those of a domain below it
 * that has no node of its own, computed once by {@link #freeze}. A node of depth n holds its exact
 * spaces at specificity 2n+1 and its {@code *.} spaces at 2n, so that {@code *} (the root, depth 0)
 * is 0 and a deeper space always outranks a shallower one.
 */
final class DomainTrie<T> {
  private static final class Node<T> {
    final int depth;
    Map<String, Node<T>> building = new HashMap<>();
    LabelMap<Node<T>> children;
    List<Match<T>> exactSpaces = new ArrayList<>();
    List<Match<T>> wildcardSpaces = new ArrayList<>();
    List<Match<T>> matchesOwnDomain;
    List<Match<T>> matchesBelow;
    Object compiledOwnDomain;
    Object compiledBelow;

    Node(int depth) {
      this.depth = depth;
    }
  }

  private final Node<T> root = new Node<>(0);

  /**
   * Adds {@code entry} for {@code domain} (lower-case A-label, no wildcard; empty for the root), as an
   * exact space or as a {@code *.} space.
   */
  void add(String domain, boolean wildcard, Entry<T> entry) {
    Node<T> node = root;
    int end = domain.length();
    while (end > 0) {
      int dot = domain.lastIndexOf('.', end - 1);
      String label = domain.substring(dot + 1, end);
      int depth = node.depth + 1;
      node = node.building.computeIfAbsent(label, l -> new Node<>(depth));
      end = Math.max(dot, 0);
    }
    int specificity = 2 * node.depth + (wildcard ? 0 : 1);
    (wildcard ? node.wildcardSpaces : node.exactSpaces).add(new Match<>(entry, specificity));
  }

  /** Computes every node's answers; the trie must not be changed afterwards. */
  void freeze() {
    freeze(root, List.of());
  }

  private static <T> void freeze(Node<T> node, List<Match<T>> inherited) {
    node.matchesBelow = prepend(node.wildcardSpaces, inherited);
    node.matchesOwnDomain = prepend(node.exactSpaces, node.matchesBelow);
    node.exactSpaces = null;
    node.wildcardSpaces = null;
    node.children = LabelMap.of(node.building);
    for (Node<T> child : node.building.values()) {
      freeze(child, node.matchesBelow);
    }
    node.building = null;
  }

  /**
   * {@code own} (more specific) before {@code rest}, keeping only the first, most specific, match of
   * an entry: one {@code --} entry can stand at several nodes. Shares {@code rest} when {@code own} is empty.
   */
  private static <T> List<Match<T>> prepend(List<Match<T>> own, List<Match<T>> rest) {
    if (own.isEmpty()) {
      return rest;
    }
    Set<Entry<T>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Match<T>> all = new ArrayList<>(own.size() + rest.size());
    for (List<Match<T>> part : List.of(own, rest)) {
      for (Match<T> match : part) {
        if (seen.add(match.entry())) {
          all.add(match);
        }
      }
    }
    return List.copyOf(all);
  }

  /**
   * Attaches {@code compiler}'s result to every answer, once per distinct answer list, for
   * {@link #lookupCompiled}. Called once, after {@link #freeze} and before the trie is shared.
   */
  void compile(java.util.function.Function<List<Match<T>>, ?> compiler) {
    Map<List<Match<T>>, Object> done = new IdentityHashMap<>();
    java.util.ArrayDeque<Node<T>> todo = new java.util.ArrayDeque<>();
    todo.add(root);
    while (!todo.isEmpty()) {
      Node<T> node = todo.poll();
      node.compiledOwnDomain = done.computeIfAbsent(node.matchesOwnDomain, compiler);
      node.compiledBelow = done.computeIfAbsent(node.matchesBelow, compiler);
      node.children.forEachValue(todo::add);
    }
    // Children are compiled now: keep each one's own answer in its parent's slot for the last step.
    todo.add(root);
    while (!todo.isEmpty()) {
      Node<T> node = todo.poll();
      node.children.attach(child -> child.compiledOwnDomain);
      node.children.forEachValue(todo::add);
    }
  }

  /** Like {@link #lookup}, but the answer {@link #compile} attached; null when the domain is not valid. */
  Object lookupCompiled(String text, int from, int to) {
    return find(text, from, to, true);
  }

  /**
   * The matches of the ASCII domain {@code text[from, to)} in any case, without its trailing dot,
   * most specific first; null when it is not a valid domain name. Walks the labels from the last one,
   * checking each against {@link DomainName}'s rules and hashing it lower-cased in the same pass: the
   * rules are restated here, fused, because this is the routing hot path.
   */
  @SuppressWarnings("unchecked")
  List<Match<T>> lookup(String text, int from, int to) {
    return (List<Match<T>>) find(text, from, to, false);
  }

  private Object find(String text, int from, int to, boolean compiled) {
    if (to - from < 1 || to - from > DomainName.MAX_LENGTH) {
      return null;
    }
    Node<T> node = root;
    Object found = null;
    int end = to;
    while (true) {
      int start = end;
      while (start > from && text.charAt(start - 1) != '.') {
        start--;
      }
      long hash = labelHash(text, start, end);
      if (hash < 0) {
        return null;
      }
      if (found == null && compiled && start == from) {
        Object own = node.children.getAttached(text, start, end, (int) hash);
        return own != null ? own : node.compiledBelow;
      }
      if (found == null) {
        Node<T> child = node.children.get(text, start, end, (int) hash);
        if (child == null) {
          found = compiled ? node.compiledBelow : node.matchesBelow;
        } else if (start == from) {
          found = compiled ? child.compiledOwnDomain : child.matchesOwnDomain;
        }
        node = child;
      }
      if (start == from) {
        return found;
      }
      end = start - 1;
    }
  }

  /** {@link String#hashCode} of the lower-cased label {@code text[from, to)}, unsigned; -1 when it is invalid. */
  private static long labelHash(String text, int from, int to) {
    boolean badLength = to - from < 1 || to - from > DomainName.MAX_LABEL_LENGTH;
    if (badLength || text.charAt(from) == '-' || text.charAt(to - 1) == '-') {
      return -1;
    }
    int hash = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return -1;
      }
      hash = 31 * hash + c;
    }
    return Integer.toUnsignedLong(hash);
  }
}
