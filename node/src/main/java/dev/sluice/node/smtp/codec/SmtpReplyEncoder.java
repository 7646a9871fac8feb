package dev.sluice.node.smtp.codec;

import dev.sluice.node.smtp.SmtpReply;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes an {@link SmtpReply} in its wire form (RFC 5321 section 4.2), in US-ASCII.
 *
 * <p>A reply cannot hold CR or LF in its text (the value refuses them), so nothing written here can
 * split into two replies. Stateless and sharable.
 */
@io.netty.channel.ChannelHandler.Sharable
public final class SmtpReplyEncoder extends MessageToByteEncoder<SmtpReply> {
  public SmtpReplyEncoder() {
    super(SmtpReply.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, SmtpReply reply, ByteBuf out) {
    out.writeCharSequence(reply.wireForm(), StandardCharsets.US_ASCII);
  }
}
