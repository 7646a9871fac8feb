package dev.sluice.node.smtp.client;

import dev.sluice.node.smtp.client.SmtpClient.Message;
import dev.sluice.node.smtp.client.SmtpClient.Reply;
import dev.sluice.node.spool.Recipient;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.smtp.SmtpRequests;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One mail transaction on an open connection (RFC 5321 section 3.3): MAIL, a RCPT per recipient, then the
 * content by BDAT when CHUNKING is offered (RFC 3030) or else by DATA. Each recipient is decided by its RCPT
 * refusal, by a refused MAIL, or by the reply to the end of the data.
 *
 * <p>With PIPELINING (RFC 2920) MAIL and every RCPT go in one write and the replies, which come in the
 * order of the commands, are matched to them in turn; a refused MAIL then decides every recipient (the RCPT
 * replies behind it only say there was no MAIL). DATA or the first BDAT waits for those replies: the
 * content goes only where a recipient was accepted, and a server that would take the octets of a chunk for
 * commands after refusing every RCPT never sees them. That costs one round trip per message.
 * Without PIPELINING each command waits for its reply.
 *
 * <p>Runs on its connection's event loop, not thread-safe. {@link #abort} decides what is left when the
 * connection fails. Completion is told once to the callback given.
 */
final class MailTransaction {
  private static final int BDAT_CHUNK = 64 * 1024;

  private enum Step { ENVELOPE, DATA, CONTENT, DONE }

  private final Message message;
  private final Capabilities capabilities;
  private final Link link;
  private final Consumer<MailTransaction> done;
  private final List<Recipient> recipients;
  private final Map<String, Reply> outcome = new HashMap<>();
  private final List<String> accepted = new ArrayList<>();
  private final Deque<ByteBuf> chunks = new ArrayDeque<>();
  private Step step = Step.ENVELOPE;
  private boolean mailSent;
  private Reply mailReply;
  private int asked;
  private int answered;
  private Optional<Reply> endOfData = Optional.empty();

  MailTransaction(Message message, Capabilities capabilities, Link link, Consumer<MailTransaction> done) {
    this.message = message;
    this.capabilities = capabilities;
    this.link = link;
    this.done = done;
    this.recipients = message.recipients();
  }

  void start() {
    Optional<Reply> refusal = EnvelopeParameters.refusal(message, capabilities);
    if (refusal.isPresent()) {
      decideRest(refusal.get());
      return;
    }
    mailSent = true;
    var mail = SmtpRequests.mail(message.sender().isEmpty() ? null : message.sender(),
        EnvelopeParameters.mail(message, capabilities).toArray(CharSequence[]::new));
    if (capabilities.pipelining()) {
      link.queue(mail);
      while (asked < recipients.size()) {
        link.queue(rcpt(recipients.get(asked++)));
      }
      link.flush();
    } else {
      link.send(mail);
    }
  }

  void onReply(Reply reply) {
    switch (step) {
      case ENVELOPE -> envelope(reply);
      case DATA -> {
        if (reply.code() != 354) {
          decideRest(reply);
          return;
        }
        step = Step.CONTENT;
        link.information("", "sending message of " + message.content().length + " octets");
        link.sendData(OutboundContent.data(message.content(), link.alloc()));
      }
      case CONTENT -> {
        // BDAT answers every chunk; the last reply (or DATA's one) is the end of data.
        if (!reply.isSuccess() || chunks.isEmpty()) {
          if (chunks.isEmpty()) {
            endOfData = Optional.of(reply);
          }
          release();
          decideRest(reply);
          return;
        }
        nextChunk();
      }
      case DONE -> { }
    }
  }

  private void envelope(Reply reply) {
    int index = answered++;
    if (index == 0) {
      mailReply = reply;
      if (!reply.isSuccess() && asked == 0) {
        decideRest(reply);
        return;
      }
    } else {
      String address = recipients.get(index - 1).address();
      if (!mailReply.isSuccess()) {
        outcome.put(address, mailReply);
      } else if (reply.isSuccess()) {
        accepted.add(address);
      } else {
        outcome.put(address, reply);
      }
    }
    if (answered <= asked) {
      return;
    }
    if (asked < recipients.size()) {
      link.send(rcpt(recipients.get(asked++)));
      return;
    }
    if (!mailReply.isSuccess() || accepted.isEmpty()) {
      finish();
    } else if (capabilities.chunking()) {
      step = Step.CONTENT;
      chunks.addAll(OutboundContent.bdat(message.content(), BDAT_CHUNK, link.alloc()));
      nextChunk();
    } else {
      step = Step.DATA;
      link.send(SmtpRequests.data());
    }
  }

  private io.netty.handler.codec.smtp.SmtpRequest rcpt(Recipient recipient) {
    return SmtpRequests.rcpt(recipient.address(),
        EnvelopeParameters.rcpt(recipient, capabilities).toArray(CharSequence[]::new));
  }

  private void nextChunk() {
    ByteBuf frame = chunks.poll();
    int size = frame.readableBytes() - frame.bytesBefore((byte) '\n') - 1;
    link.sendChunk(frame, size, chunks.isEmpty());
  }

  /** The connection failed: every recipient not yet decided gets {@code why}. */
  void abort(Reply why) {
    release();
    decideRest(why);
  }

  private void decideRest(Reply reply) {
    for (Recipient r : recipients) {
      outcome.putIfAbsent(r.address(), reply);
    }
    finish();
  }

  private void finish() {
    if (step == Step.DONE) {
      return;
    }
    step = Step.DONE;
    done.accept(this);
  }

  private void release() {
    chunks.forEach(ByteBuf::release);
    chunks.clear();
  }

  /**
   * Whether the server holds no transaction any more, so the next MAIL may follow at once: none was begun,
   * MAIL was refused, or the end of the data was answered. Otherwise RSET comes first.
   */
  boolean ended() {
    return !mailSent || (mailReply != null && !mailReply.isSuccess()) || endOfData.isPresent();
  }

  /** The outcome, once done; a recipient still undecided (never, once done) would get a 4xx. */
  SendOutcome outcome(InetSocketAddress server, Optional<InetSocketAddress> local) {
    Map<String, Reply> ordered = new LinkedHashMap<>();
    for (Recipient r : recipients) {
      ordered.put(r.address(), outcome.getOrDefault(r.address(),
          new Reply(421, "4.4.2 the connection ended before " + r.address() + " was decided")));
    }
    return new SendOutcome(ordered, endOfData, server, local, mailSent && capabilities.dsn());
  }
}
