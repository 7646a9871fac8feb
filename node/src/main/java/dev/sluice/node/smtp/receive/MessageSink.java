package dev.sluice.node.smtp.receive;

import dev.sluice.node.smtp.SmtpReply;
import dev.sluice.node.smtp.codec.MessageContent;
import java.util.concurrent.CompletableFuture;

/**
 * Takes a received message and answers, when it is safe, with the reply to the end of data.
 *
 * <p>The future completes once the message is durable (the spool fsyncs behind it), and only then does the
 * client see the {@code 250}: RFC 5321 section 6.1, catalogue goal G1. It may complete on any thread; the
 * server writes the reply on the connection's event loop. A failed future is answered {@code 451 4.3.0},
 * never a 5xx (catalogue row 49). The sink must not block the caller.
 */
@FunctionalInterface
public interface MessageSink {
  CompletableFuture<SmtpReply> receive(Envelope envelope, MessageContent content);
}
