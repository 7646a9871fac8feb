package dev.sluice.routing.address;

import dev.sluice.routing.model.AcceptedDomain;
import java.util.List;

/**
 * STUB API: to be written by the address-space work.
 *
 * @param <T> what each indexed address space belongs to (a connector)
 */
public final class AddressSpaceIndex<T> {
  /** One address space and what it belongs to. */
  public record Entry<T>(AddressSpace space, T value) {}

  /**
   * One matching entry.
   *
   * @param entry the space and its owner
   * @param specificity higher is more specific; comparable across SMTP forms
   */
  public record Match<T>(Entry<T> entry, int specificity) {}

  private AddressSpaceIndex() {}

  public static <T> AddressSpaceIndex<T> build(List<Entry<T>> entries, List<AcceptedDomain> acceptedDomains) {
    throw new UnsupportedOperationException("stub");
  }

  /** Every entry matching {@code recipient} (an SMTP address, possibly IMCEA-encapsulated), most specific first. */
  public List<Match<T>> match(String recipient) {
    throw new UnsupportedOperationException("stub");
  }
}
