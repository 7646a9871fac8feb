package dev.sluice.node.delivery.dsn;

import dev.sluice.node.spool.Envelope;
import dev.sluice.node.spool.MailParameters;
import dev.sluice.node.spool.Recipient;
import dev.sluice.node.spool.Recipient.Notify;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Envelopes and contents of original messages for the DSN tests. */
final class Originals {
  static final Instant RECEIVED = Instant.parse("2026-03-02T08:15:30Z");
  static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  static final String SENDER = "alice@contoso.com";
  static final String CONTENT = "From: Alice <alice@contoso.com>\r\n"
      + "To: Bob <bob@example.com>\r\n"
      + "Subject: Quarterly figures\r\n"
      + "Message-ID: <q1@contoso.com>\r\n"
      + "\r\n"
      + "Here are the figures.\r\n";

  private Originals() {}

  static Envelope envelope(String sender, MailParameters parameters, Recipient... recipients) {
    return new Envelope("MSG-1", sender, List.of(recipients), RECEIVED, "192.0.2.10", "client.contoso.com",
        Optional.empty(), "HUB1", "Default HUB1", parameters);
  }

  static Envelope envelope(Recipient... recipients) {
    return envelope(SENDER, MailParameters.NONE, recipients);
  }

  static MailParameters ret(MailParameters.Ret ret) {
    return new MailParameters(Optional.empty(), false, Optional.empty(), Optional.of(ret));
  }

  static Recipient asking(String address, Notify... notify) {
    return new Recipient(address, Set.of(notify), Optional.empty());
  }

  static ByteBuffer content(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
