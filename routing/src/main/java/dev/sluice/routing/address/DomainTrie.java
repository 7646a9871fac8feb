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
    Map<String, Node<T>> children = Map.of();
    List<Match<T>> exactSpaces = new ArrayList<>();
    List<Match<T>> wildcardSpaces = new ArrayList<>();
    List<Match<T>> matchesOwnDomain;
    List<Match<T>> matchesBelow;

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
      if (node.children.isEmpty()) {
        node.children = new HashMap<>();
      }
      int depth = node.depth + 1;
      node = node.children.computeIfAbsent(label, l -> new Node<>(depth));
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
    for (Node<T> child : node.children.values()) {
      freeze(child, node.matchesBelow);
    }
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

  /** The matches of a valid lower-case A-label domain, most specific first. */
  List<Match<T>> lookup(String domain) {
    Node<T> node = root;
    int end = domain.length();
    while (true) {
      int dot = domain.lastIndexOf('.', end - 1);
      Node<T> child = node.children.isEmpty() ? null : node.children.get(domain.substring(dot + 1, end));
      if (child == null) {
        return node.matchesBelow;
      }
      if (dot < 0) {
        return child.matchesOwnDomain;
      }
      node = child;
      end = dot;
    }
  }
}
