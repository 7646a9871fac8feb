package dev.sluice.node.delivery;

import dev.sluice.node.spool.Envelope;
import dev.sluice.node.spool.Recipient;
import dev.sluice.node.spool.SpoolId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where delivery sends what the envelope sender must hear about: recipients that failed (a 5xx, a route
 * that cannot exist, expiry) or are delayed. The implementation builds the DSN and queues it like any
 * message; it decides whether one is due (never to the null sender, the NOTIFY parameters). Thread-safe;
 * it never throws, since a DSN that cannot be queued must not stop delivery.
 */
public interface Bounces {
  /** Nothing is sent (tests of delivery alone). */
  Bounces NONE = (id, envelope, outcomes) -> {};

  /** What happened to one recipient. */
  record Outcome(Recipient recipient, Kind kind, String status, String diagnostic, Optional<String> remoteMta) {
    /** Failed for good, or delayed (still tried). */
    public enum Kind {
      FAILED,
      DELAYED
    }

    public Outcome {
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(diagnostic, "diagnostic");
      Objects.requireNonNull(remoteMta, "remote MTA (Optional.empty() for none)");
    }
  }

  /** Tells the sender of message {@code id} about {@code outcomes} (all of one kind). */
  void report(SpoolId id, Envelope envelope, List<Outcome> outcomes);
}
