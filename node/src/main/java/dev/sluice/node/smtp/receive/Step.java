package dev.sluice.node.smtp.receive;

import dev.sluice.node.smtp.SmtpReply;
import java.util.concurrent.CompletableFuture;

/**
 * What the server does after the session took one input: send a reply and read on in some mode, read a
 * chunk before replying, or wait for a future before the session goes on.
 *
 * <p>A sealed set of values, so the Netty handler is a switch over them and the session is tested by
 * comparing steps. Immutable.
 */
public sealed interface Step {
  /** Send the reply, then read command lines. */
  record Reply(SmtpReply reply) implements Step {}

  /** Send the reply, then close the connection. */
  record ReplyAndClose(SmtpReply reply) implements Step {}

  /** Send the {@code 334} challenge, then read one AUTH response line with the longer line limit. */
  record Challenge(SmtpReply challenge) implements Step {}

  /** Send the {@code 354}, then read DATA content, keeping at most {@code limit} octets. */
  record ReadData(SmtpReply goAhead, long limit) implements Step {}

  /** Read a BDAT chunk of {@code size} octets, keeping the first {@code keep}; the reply comes after it. */
  record ReadChunk(long size, long keep) implements Step {}

  /**
   * Send the {@code 220}, drop whatever the client sent behind STARTTLS, start TLS; then tell the session
   * with {@link SmtpSession#tlsStarted()}.
   */
  record StartTls(SmtpReply ready) implements Step {}

  /**
   * Read nothing until {@code until} completes (on any thread), then call {@link SmtpSession#resume()} on
   * the event loop and act on the step it returns. Replies to pipelined commands keep their order.
   */
  record Await(CompletableFuture<?> until) implements Step {}
}
