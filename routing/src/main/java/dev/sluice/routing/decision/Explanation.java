package dev.sluice.routing.decision;

import java.util.List;
import java.util.Optional;

/**
 * Why a decision was taken: every candidate connector with its specificity and cost, and the winner.
 *
 * @param winner the connector that won, when one did
 * @param rule the rule that decided, in words
 * @param candidates every connector considered, winner first
 */
public record Explanation(Optional<String> winner, String rule, List<Candidate> candidates) {
  public Explanation {
    winner = winner == null ? Optional.empty() : winner;
    candidates = List.copyOf(candidates);
  }

  public static Explanation of(String rule) {
    return new Explanation(Optional.empty(), rule, List.of());
  }
}
