package dev.sluice.routing.decision;

import dev.sluice.routing.address.AddressSpace;

/**
 * One connector that was considered for a recipient, and how it fared: a line of the explanation.
 *
 * @param connector the connector's name
 * @param addressSpace the address space of it that matched
 * @param specificity how specific the match is (higher wins)
 * @param aggregateCost the site path cost to its nearest source server's site plus the address space cost,
 *     or -1 when it was not reached
 * @param proximity 0 when the local server is a source server, 1 when one is in the local site, 2 otherwise
 * @param outcome why it won or lost, in words
 */
public record Candidate(
    String connector, AddressSpace addressSpace, int specificity, long aggregateCost, int proximity, String outcome) {}
