package dev.sluice.node.smtp.receive;

import java.util.Locale;

/**
 * A mailbox from a MAIL or RCPT path (RFC 5321 section 4.1.2), syntax already checked by {@link PathParser}.
 *
 * <p>The local part is kept as sent (quoted if it was quoted; case matters to the receiving host), the
 * domain in lower case, or as an address literal such as {@code [192.0.2.1]}. The one mailbox without a
 * domain is {@code Postmaster}, which RFC 5321 section 4.5.1 requires a server to accept. Immutable.
 *
 * @param localPart the local part, at most 64 octets by the RFC but accepted up to the path limit
 * @param domain the domain or address literal; empty only for {@code Postmaster}
 */
public record Mailbox(String localPart, String domain) {
  public Mailbox {
    if (localPart.isEmpty()) {
      throw new IllegalArgumentException("a mailbox has a local part");
    }
    if (domain.isEmpty() && !localPart.equalsIgnoreCase("postmaster")) {
      throw new IllegalArgumentException("only Postmaster may go without a domain, not " + localPart);
    }
    domain = domain.toLowerCase(Locale.ROOT);
  }

  /** {@code user@example.com}, or {@code Postmaster}. */
  @Override
  public String toString() {
    return domain.isEmpty() ? localPart : localPart + "@" + domain;
  }
}
