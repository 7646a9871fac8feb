package dev.sluice.node.smtp.codec;

import io.netty.channel.CombinedChannelDuplexHandler;

/**
 * The SMTP server codec: {@link SmtpServerDecoder} for the client's input, {@link SmtpReplyEncoder} for
 * the replies, in one handler as {@code HttpServerCodec} combines its two.
 *
 * <p>One per connection (the decoder holds the connection's framing state); the handler reaches the
 * decoder through {@link #decoder()} to switch its mode.
 */
public final class SmtpServerCodec extends CombinedChannelDuplexHandler<SmtpServerDecoder, SmtpReplyEncoder> {
  public SmtpServerCodec(LineLimits limits) {
    super(new SmtpServerDecoder(limits), new SmtpReplyEncoder());
  }

  public SmtpServerDecoder decoder() {
    return inboundHandler();
  }
}
