package dev.sluice.node.smtp.server;

import dev.sluice.node.smtp.codec.SmtpServerCodec;
import dev.sluice.node.smtp.receive.MessageSink;
import dev.sluice.node.smtp.receive.ReceivePolicyFactory;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.util.Optional;

/**
 * Assembles the pipeline of one accepted SMTP connection: codec, session handler (TLS is put in front by
 * the handler on STARTTLS). Nothing else: the behaviour, timeouts included, is in the handler.
 *
 * <p>Thread-safe: Netty calls it from any event loop; it holds only immutable collaborators.
 */
final class SmtpServerInitializer extends ChannelInitializer<SocketChannel> {
  private final SmtpServerSettings settings;
  private final Optional<SslContext> tls;
  private final ReceivePolicyFactory policies;
  private final MessageSink sink;
  private final SmtpServerEvents events;
  private final ChannelGroup connections;

  SmtpServerInitializer(SmtpServerSettings settings, Optional<SslContext> tls, ReceivePolicyFactory policies,
      MessageSink sink, SmtpServerEvents events, ChannelGroup connections) {
    this.settings = settings;
    this.tls = tls;
    this.policies = policies;
    this.sink = sink;
    this.events = events;
    this.connections = connections;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    connections.add(channel);
    channel.pipeline()
        .addLast("codec", new SmtpServerCodec(settings.lineLimits()))
        .addLast("session", new SmtpServerHandler(settings, tls, policies, sink, events));
  }
}
