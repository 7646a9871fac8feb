package dev.sluice.node.smtp.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.smtp.LastSmtpContent;
import io.netty.handler.codec.smtp.SmtpRequest;

/**
 * What the conversation's phases ({@link SessionSetup}, {@link MailTransaction}) need of their connection:
 * to write commands and content, each of which expects one reply, and to note things in the protocol log.
 * Every call is made on the connection's event loop.
 */
interface Link {
  /** Writes and flushes {@code request}, logged as it is. */
  void send(SmtpRequest request);

  /** Writes and flushes {@code request}, which carries a credential, logged as {@code logged}. */
  void sendSecret(SmtpRequest request, String logged);

  /** Writes {@code request} without flushing, for a pipelined group (RFC 2920); {@link #flush} sends it. */
  void queue(SmtpRequest request);

  void flush();

  /** Writes the content of DATA (dot-stuffed; the encoder adds the final dot). */
  void sendData(LastSmtpContent content);

  /** Writes one BDAT frame, its command and its chunk of {@code size} octets. */
  void sendChunk(ByteBuf frame, int size, boolean last);

  ByteBufAllocator alloc();

  /** An information line ({@code *}) for the protocol log. */
  void information(String data, String context);
}
