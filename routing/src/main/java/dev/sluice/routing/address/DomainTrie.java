package dev.sluice.routing.address;

import dev.sluice.routing.address.AddressSpaceIndex.Entry;
import dev.sluice.routing.address.AddressSpaceIndex.Match;
import java.util.ArrayDeque;
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
 * <p>Built by one thread ({@link #add}, then {@link #freeze}), then immutable and safe to share. Each
 * node keeps two shared immutable lists, the matches of its own domain and those of a domain below it
 * that has no node of its own, computed once by {@link #freeze}; the nodes are then dropped and the
 * trie is answered by a {@link DomainTable}, one probe per label, whose codes number the distinct
 * answer lists. A node of depth n holds its exact spaces at specificity 2n+1 and its {@code *.} spaces
 * at 2n, so that {@code *} (the root, depth 0) is 0 and a deeper space always outranks a shallower one.
 */
final class DomainTrie<T> {
  private static final class Node<T> {
    final int depth;
    final Map<String, Node<T>> children = new HashMap<>();
    List<Match<T>> exactSpaces = new ArrayList<>();
    List<Match<T>> wildcardSpaces = new ArrayList<>();
    List<Match<T>> matchesOwnDomain;
    List<Match<T>> matchesBelow;

    Node(int depth) {
      this.depth = depth;
    }
  }

  private Node<T> root = new Node<>(0);
  private DomainTable table;
  /** The distinct answers, numbered as the codes of {@link #table}. */
  private List<List<Match<T>>> answers;

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
      node = node.children.computeIfAbsent(label, l -> new Node<>(depth));
      end = Math.max(dot, 0);
    }
    int specificity = 2 * node.depth + (wildcard ? 0 : 1);
    (wildcard ? node.wildcardSpaces : node.exactSpaces).add(new Match<>(entry, specificity));
  }

  /** Computes every node's answers and flattens the trie into its table; the trie must not be changed afterwards. */
  void freeze() {
    int nodes = computeAnswers(root, List.of());
    Map<List<Match<T>>, Integer> codes = new IdentityHashMap<>();
    List<List<Match<T>>> distinct = new ArrayList<>();
    java.util.function.Function<List<Match<T>>, Integer> number = answer -> {
      distinct.add(answer);
      return distinct.size() - 1;
    };
    DomainTable.Builder builder = new DomainTable.Builder(nodes - 1);
    // Breadth first, numbering nodes as they are reached: a parent's number is known before its edges.
    ArrayDeque<Node<T>> todo = new ArrayDeque<>();
    ArrayDeque<Integer> numbers = new ArrayDeque<>();
    todo.add(root);
    numbers.add(0);
    int next = 1;
    while (!todo.isEmpty()) {
      Node<T> node = todo.poll();
      int parent = numbers.poll();
      for (Map.Entry<String, Node<T>> edge : node.children.entrySet()) {
        Node<T> child = edge.getValue();
        int own = codes.computeIfAbsent(child.matchesOwnDomain, number);
        int below = codes.computeIfAbsent(child.matchesBelow, number);
        if (child.children.isEmpty()) {
          builder.add(parent, edge.getKey(), DomainTable.LEAF, own, below);
        } else {
          builder.add(parent, edge.getKey(), next, own, below);
          todo.add(child);
          numbers.add(next++);
        }
      }
    }
    table = builder.build(codes.computeIfAbsent(root.matchesBelow, number));
    answers = List.copyOf(distinct);
    root = null;
  }

  /** Fills in the answers of {@code node} and below; the number of nodes visited. */
  private static <T> int computeAnswers(Node<T> node, List<Match<T>> inherited) {
    node.matchesBelow = prepend(node.wildcardSpaces, inherited);
    node.matchesOwnDomain = prepend(node.exactSpaces, node.matchesBelow);
    node.exactSpaces = null;
    node.wildcardSpaces = null;
    int count = 1;
    for (Node<T> child : node.children.values()) {
      count += computeAnswers(child, node.matchesBelow);
    }
    return count;
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

  /** The distinct answers, in the order of their codes; after {@link #freeze}. */
  List<List<Match<T>>> answers() {
    return answers;
  }

  /** The table of the frozen trie, whose codes index {@link #answers}. */
  DomainTable table() {
    return table;
  }

  /**
   * The matches of the ASCII domain {@code text[from, to)} in any case, without its trailing dot,
   * most specific first; null when it is not a valid domain name.
   */
  List<Match<T>> lookup(String text, int from, int to) {
    int code = table.lookup(text, from, to);
    return code == DomainTable.INVALID ? null : answers.get(code);
  }
}
