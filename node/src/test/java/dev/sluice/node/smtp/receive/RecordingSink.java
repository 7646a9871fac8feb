package dev.sluice.node.smtp.receive;

import dev.sluice.node.smtp.SmtpReply;
import dev.sluice.node.smtp.codec.MessageContent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** A sink for tests: keeps every message and answers with what the test supplies (250 by default). */
public final class RecordingSink implements MessageSink {
  /** One received message. */
  public record Received(Envelope envelope, MessageContent content) {
    public String text() {
      return new String(content.toByteArray(), StandardCharsets.ISO_8859_1);
    }
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Supplier<CompletableFuture<SmtpReply>> answer =
      () -> CompletableFuture.completedFuture(SmtpReply.of(250, "2.0.0", "Ok: queued"));

  @Override
  public CompletableFuture<SmtpReply> receive(Envelope envelope, MessageContent content) {
    received.add(new Received(envelope, content));
    return answer.get();
  }

  public void answerWith(Supplier<CompletableFuture<SmtpReply>> answer) {
    this.answer = answer;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }
}
