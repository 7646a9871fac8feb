package dev.sluice.routing.address;

import java.util.Locale;
import java.util.Objects;

/**
 * A non-SMTP address carried inside an SMTP address ({@code IMCEA<TYPE>-<encoded address>@<domain>}).
 *
 * @param type the address type in upper case, as {@code X400} or {@code FAX}
 * @param address the decoded address, as {@code c=us;a=adatum;p=MyOrg;o=MySite}
 * @param domain the domain part of the SMTP address, as written
 */
public record EncapsulatedAddress(String type, String address, String domain) {
  public EncapsulatedAddress {
    type = Objects.requireNonNull(type, "encapsulated address type must be given").toUpperCase(Locale.ROOT);
    Objects.requireNonNull(address, "encapsulated address must be given");
    Objects.requireNonNull(domain, "domain of the encapsulating address must be given");
  }
}
