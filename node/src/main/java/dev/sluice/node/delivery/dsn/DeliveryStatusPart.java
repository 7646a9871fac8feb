package dev.sluice.node.delivery.dsn;

import dev.sluice.node.spool.Envelope;
import java.util.List;

/**
 * The machine-readable part of a DSN, the message/delivery-status body of RFC 3464 section 2: the
 * per-message fields, then one group of per-recipient fields for each recipient reported, groups apart by
 * an empty line. Every value is US-ASCII. Stateless.
 */
final class DeliveryStatusPart {
  private DeliveryStatusPart() {}

  static byte[] write(String reportingMta, Envelope original, List<RecipientOutcome> outcomes) {
    MimeLines out = new MimeLines();
    // Section 2.2: Reporting-MTA is required; Original-Envelope-Id is the ENVID decoded from xtext (RFC 3461
    // section 4.4), kept as given when it does not decode to printable text.
    out.field("Reporting-MTA", "dns; " + reportingMta);
    original.parameters().envelopeId().ifPresent(envid ->
        out.field("Original-Envelope-Id", HeaderText.ascii(HeaderText.decodeXtext(envid).orElse(envid))));
    out.field("Arrival-Date", HeaderText.date(original.receivedAt()));
    for (RecipientOutcome outcome : outcomes) {
      out.line("");
      // Section 2.3.1: the ORCPT as addr-type; address, its xtext decoded (RFC 3461 section 4.2).
      outcome.recipient().originalRecipient().ifPresent(orcpt ->
          out.field("Original-Recipient", originalRecipient(orcpt)));
      out.field("Final-Recipient", HeaderText.addressField(outcome.recipient().address()));
      out.field("Action", outcome.action().fieldValue());
      out.field("Status", outcome.status());
      outcome.remoteMta().ifPresent(host -> out.field("Remote-MTA", "dns; " + host));
      outcome.diagnostic().ifPresent(text -> out.field("Diagnostic-Code", HeaderText.ascii(text)));
      outcome.willRetryUntil().ifPresent(until -> out.field("Will-Retry-Until", HeaderText.date(until)));
    }
    // An empty line at the end, so that the last field keeps its CRLF before the boundary's.
    out.line("");
    return out.toByteArray();
  }

  private static String originalRecipient(String orcpt) {
    int semicolon = orcpt.indexOf(';');
    if (semicolon <= 0) {
      return HeaderText.ascii(orcpt);
    }
    String type = orcpt.substring(0, semicolon).strip();
    String value = orcpt.substring(semicolon + 1).strip();
    // A utf-8 ORCPT is already in the 7-bit form a DSN carries (RFC 6533 section 3): keep it as given.
    String address = type.equalsIgnoreCase("utf-8") ? value : HeaderText.decodeXtext(value).orElse(value);
    return HeaderText.ascii(type + "; " + address);
  }
}
