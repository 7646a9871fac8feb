package dev.sluice.routing.address;

import dev.sluice.routing.address.AddressSpaceIndex.Entry;
import dev.sluice.routing.address.AddressSpaceIndex.Match;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The non-SMTP half of {@link AddressSpaceIndex}: spaces by type, matched against the address an IMCEA
 * recipient carries.
 *
 * <p>Built by one thread ({@link #add}, then {@link #freeze}), then immutable and safe to share. A
 * lookup reads only the spaces of the recipient's type. An X400 space matches when all its attributes
 * are in the address ({@link X400Attributes}), at specificity {@value #BASE} + its number of
 * attributes. Any other type compares the whole text case-insensitively, or, when the space ends in
 * {@code *}, the text before the {@code *} as a prefix: a space of n characters before any {@code *}
 * is {@value #BASE} + 2n+1 exact and {@value #BASE} + 2n as a prefix, so the longer and the exact
 * space win. Every non-SMTP specificity is above every SMTP one (at most 2 * 127 + 1).
 */
final class NonSmtpIndex<T> {
  static final int BASE = 1000;

  private record X400Space<T>(X400Attributes attributes, Match<T> match) {}

  private static final class TypeSpaces<T> {
    final List<X400Space<T>> x400 = new ArrayList<>();
    final Map<String, List<Match<T>>> exact = new HashMap<>();
    /** Prefix spaces by length, longest first; each length holds a map from the lower-case prefix. */
    final TreeMap<Integer, Map<String, List<Match<T>>>> prefixes = new TreeMap<>(Comparator.reverseOrder());
  }

  private final Map<String, TypeSpaces<T>> byType = new HashMap<>();

  void add(Entry<T> entry) {
    AddressSpace space = entry.space();
    TypeSpaces<T> spaces = byType.computeIfAbsent(space.type(), t -> new TypeSpaces<>());
    if (space.type().equals(AddressSpace.X400)) {
      X400Attributes attributes = X400Attributes.ofSpace(space.address());
      spaces.x400.add(new X400Space<>(attributes, new Match<>(entry, BASE + attributes.size())));
      return;
    }
    String text = space.address().toLowerCase(Locale.ROOT);
    if (text.endsWith("*")) {
      String prefix = text.substring(0, text.length() - 1);
      spaces.prefixes.computeIfAbsent(prefix.length(), n -> new HashMap<>())
          .computeIfAbsent(prefix, p -> new ArrayList<>())
          .add(new Match<>(entry, BASE + 2 * prefix.length()));
    } else {
      spaces.exact.computeIfAbsent(text, t -> new ArrayList<>()).add(new Match<>(entry, BASE + 2 * text.length() + 1));
    }
  }

  /** Sorts the X400 spaces most specific first (stable), so that a scan yields them in order. */
  void freeze() {
    for (TypeSpaces<T> spaces : byType.values()) {
      spaces.x400.sort(Comparator.comparingInt((X400Space<T> s) -> s.match().specificity()).reversed());
    }
  }

  boolean isEmpty() {
    return byType.isEmpty();
  }

  /** The matches of an encapsulated address, most specific first. */
  List<Match<T>> match(EncapsulatedAddress address) {
    TypeSpaces<T> spaces = byType.get(address.type());
    if (spaces == null) {
      return List.of();
    }
    List<Match<T>> matches = new ArrayList<>();
    if (!spaces.x400.isEmpty()) {
      X400Attributes attributes = X400Attributes.ofAddress(address.address());
      for (X400Space<T> space : attributes == null ? List.<X400Space<T>>of() : spaces.x400) {
        if (attributes.containsAll(space.attributes())) {
          matches.add(space.match());
        }
      }
    }
    String text = address.address().toLowerCase(Locale.ROOT);
    matches.addAll(spaces.exact.getOrDefault(text, List.of()));
    for (Map.Entry<Integer, Map<String, List<Match<T>>>> byLength : spaces.prefixes.entrySet()) {
      if (byLength.getKey() <= text.length()) {
        matches.addAll(byLength.getValue().getOrDefault(text.substring(0, byLength.getKey()), List.of()));
      }
    }
    return matches;
  }
}
