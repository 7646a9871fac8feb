package dev.sluice.routing.address;

/**
 * A malformed address space entry: names the entry, the position in it (0-based) and the rule it breaks.
 */
public final class AddressSpaceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String entry;
  private final int position;
  private final String rule;

  public AddressSpaceException(String entry, int position, String rule) {
    super("address space '" + entry + "' is invalid at position " + position + ": " + rule);
    this.entry = entry;
    this.position = position;
    this.rule = rule;
  }

  public String entry() {
    return entry;
  }

  public int position() {
    return position;
  }

  public String rule() {
    return rule;
  }
}
