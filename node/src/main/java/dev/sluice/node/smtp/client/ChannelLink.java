package dev.sluice.node.smtp.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.codec.smtp.LastSmtpContent;
import io.netty.handler.codec.smtp.SmtpRequest;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Link} of one channel: writes commands and content, tells the protocol log what was sent
 * (composing the line only when there is a log), and runs the reply timer while a reply is awaited,
 * restarted by each reply, so that an idle connection waits for the inactivity timeout instead.
 * Used on the channel's event loop only.
 */
final class ChannelLink implements Link {
  private final Channel channel;
  private final ProtocolListener.SessionLog log;
  private final Duration replyTimeout;
  private final Runnable noReply;
  private int awaiting;
  private ScheduledFuture<?> timer;

  /** @param noReply called on the event loop when a reply awaited did not come within the timeout */
  ChannelLink(Channel channel, ProtocolListener.SessionLog log, Duration replyTimeout, Runnable noReply) {
    this.channel = channel;
    this.log = log;
    this.replyTimeout = replyTimeout;
    this.noReply = noReply;
  }

  /** A reply is awaited without a command (the greeting). */
  void expect() {
    awaitReplies(1);
  }

  /** One reply came. */
  void replied() {
    awaitReplies(awaiting > 0 ? -1 : 0);
  }

  void stop() {
    awaiting = 0;
    cancel();
  }

  @Override
  public void send(SmtpRequest request) {
    queue(request);
    flush();
  }

  @Override
  public void sendSecret(SmtpRequest request, String logged) {
    log.sent(logged);
    channel.write(request);
    awaiting++;
    flush();
  }

  @Override
  public void queue(SmtpRequest request) {
    if (log != ProtocolListener.SessionLog.NONE) {
      log.sent(text(request));
    }
    channel.write(request);
    awaiting++;
  }

  @Override
  public void flush() {
    channel.flush();
    awaitReplies(0);
  }

  @Override
  public void sendData(LastSmtpContent content) {
    channel.writeAndFlush(content);
    awaitReplies(1);
  }

  @Override
  public void sendChunk(ByteBuf frame, int size, boolean last) {
    log.sent("BDAT " + size + (last ? " LAST" : ""));
    channel.writeAndFlush(frame);
    awaitReplies(1);
  }

  @Override
  public ByteBufAllocator alloc() {
    return channel.alloc();
  }

  @Override
  public void information(String data, String context) {
    log.information(data, context);
  }

  private void awaitReplies(int more) {
    awaiting += more;
    cancel();
    if (awaiting > 0) {
      timer = channel.eventLoop().schedule(() -> {
        if (awaiting > 0) {
          noReply.run();
        }
      }, replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private static String text(SmtpRequest request) {
    StringBuilder line = new StringBuilder(request.command().name());
    for (CharSequence p : request.parameters()) {
      line.append(' ').append(p);
    }
    return line.toString();
  }
}
