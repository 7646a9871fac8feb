package dev.sluice.routing.address;

import java.util.List;

/** STUB: to be written by the address-space work. */
public final class AddressSpaceParser {
  private AddressSpaceParser() {}

  public static AddressSpace parse(String entry) {
    throw new UnsupportedOperationException("stub");
  }

  public static List<AddressSpace> parseList(String text) {
    throw new UnsupportedOperationException("stub");
  }

  /** Validates an SMTP space and returns it in lower case A-label form. */
  public static String normalizeSmtpAddress(String address) {
    return address.toLowerCase(java.util.Locale.ROOT);
  }
}
