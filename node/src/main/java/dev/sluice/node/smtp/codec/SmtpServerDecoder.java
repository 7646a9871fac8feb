package dev.sluice.node.smtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes an SMTP server's input into {@link SmtpInput} values: command lines, AUTH response lines, DATA
 * content and BDAT chunks, as the handler switches it from one to the next.
 *
 * <p>It emits at most one value per decode call, so the handler has acted on each (and switched the mode
 * if the session said so) before the next octet is looked at: a pipelined {@code DATA} is followed by
 * content, a {@code BDAT 100} by 100 octets of chunk. Memory is bounded: a command line by its limit, DATA
 * and chunks by the limit the session gives, a too-long line is discarded to its CRLF. {@link #pause()}
 * stops decoding altogether (the octets wait in the cumulation) until {@link #decodeBuffered()}, while the
 * session waits for the sink or the authenticator. Not thread-safe: it runs on its channel's event loop,
 * and so must every call to its mode methods.
 */
public final class SmtpServerDecoder extends ByteToMessageDecoder {
  private enum Mode { COMMAND, AUTH_LINE, DATA, CHUNK, PAUSED }

  private final LineLimits limits;
  private final byte[] line;
  private ChannelHandlerContext context;
  private Mode mode = Mode.COMMAND;
  private int lineLength;
  private int consumed;
  private boolean afterCr;
  private boolean bareCr;
  private boolean nul;
  private boolean discarding;
  private DataReader data;
  private long chunkRemaining;
  private long chunkSize;
  private byte[] chunk;
  private int chunkKept;
  private long contentRead;

  public SmtpServerDecoder(LineLimits limits) {
    this.limits = limits;
    this.line = new byte[limits.authLine()];
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    this.context = ctx;
    super.handlerAdded(ctx);
  }

  /** The next line answers an AUTH challenge, with the longer limit. */
  public void expectAuthLine() {
    mode = Mode.AUTH_LINE;
  }

  /** What follows is DATA content, up to {@code <CRLF>.<CRLF>}; more than {@code limit} octets is counted, not kept. */
  public void expectData(long limit) {
    data = new DataReader(new ContentBuffer(limit));
    contentRead = 0;
    mode = Mode.DATA;
  }

  /** What follows is a BDAT chunk of {@code size} octets, of which the first {@code keep} are kept. */
  public void expectChunk(long size, long keep) {
    if (size <= 0) {
      throw new IllegalArgumentException("an empty chunk needs no reading: the session handles BDAT 0 itself");
    }
    chunkSize = size;
    chunkRemaining = size;
    chunk = new byte[(int) Math.min(Math.min(size, keep), Integer.MAX_VALUE - 16)];
    chunkKept = 0;
    contentRead = 0;
    mode = Mode.CHUNK;
  }

  /**
   * Octets read of the DATA content or BDAT chunk now being read, or of the last one when none is: what
   * the server measures a client's data rate by (as sent, before unstuffing).
   */
  public long contentRead() {
    return contentRead;
  }

  /** Back to command lines (after a pause, or to cancel another mode). */
  public void expectCommands() {
    mode = Mode.COMMAND;
  }

  /**
   * Stops decoding until another mode is set and {@link #decodeBuffered()} called; what arrives meanwhile
   * waits in the cumulation, and no further read is asked for.
   */
  public void pause() {
    mode = Mode.PAUSED;
  }

  /** Decodes at once what waited in the cumulation while paused. */
  public void decodeBuffered() {
    if (context != null && mode != Mode.PAUSED && actualReadableBytes() > 0) {
      try {
        channelRead(context, Unpooled.EMPTY_BUFFER);
      } catch (Exception e) {
        context.fireExceptionCaught(e);
      }
    }
  }

  /** Whether decoding is paused ({@link #pause}). */
  public boolean isPaused() {
    return mode == Mode.PAUSED;
  }

  /** Octets received and not yet decoded. */
  public int bufferedBytes() {
    return actualReadableBytes();
  }

  /** Whether any octet arrived that is not yet decoded, or a line is half read. */
  public boolean hasPendingInput() {
    return actualReadableBytes() > 0 || consumed > 0 || discarding;
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    if (mode == Mode.PAUSED) {
      // ByteToMessageDecoder would ask for another read when nothing was decoded: while paused that
      // would let a client fill the cumulation without bound.
      ctx.fireChannelReadComplete();
      return;
    }
    super.channelReadComplete(ctx);
  }

  /**
   * Drops every octet received so far and not yet decoded, and any partial line: after STARTTLS only
   * what comes through TLS may be read (CVE-2011-0411, catalogue row 36).
   */
  public void discardBuffered() {
    ByteBuf buffered = internalBuffer();
    buffered.skipBytes(buffered.readableBytes());
    resetLine();
    discarding = false;
    mode = Mode.COMMAND;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    switch (mode) {
      case COMMAND -> decodeLine(in, out, limits.commandLine());
      case AUTH_LINE -> decodeLine(in, out, limits.authLine());
      case DATA -> decodeData(in, out);
      case CHUNK -> decodeChunk(in, out);
      case PAUSED -> { }
    }
  }

  private void decodeLine(ByteBuf in, List<Object> out, int limit) {
    while (in.isReadable()) {
      byte b = in.readByte();
      if (discarding) {
        if (b == '\n') {
          if (afterCr) {
            discarding = false;
            afterCr = false;
            continue;
          }
          // Each bare LF while discarding is a refused line of its own: an LF-only client gets replies.
          out.add(new SmtpInput.MalformedLine(SmtpInput.Defect.BARE_LF));
          return;
        }
        afterCr = b == '\r';
        continue;
      }
      consumed++;
      if (b == '\n') {
        SmtpInput input = afterCr ? completedLine(in) : new SmtpInput.MalformedLine(SmtpInput.Defect.BARE_LF);
        discarding = !afterCr;
        resetLine();
        out.add(input);
        return;
      }
      if (afterCr) {
        bareCr = true;
        append((byte) '\r');
      }
      if (b == 0) {
        nul = true;
      }
      afterCr = b == '\r';
      if (!afterCr) {
        append(b);
      }
      if (consumed > limit - 1) {
        resetLine();
        discarding = true;
        afterCr = b == '\r';
        out.add(new SmtpInput.LineTooLong());
        return;
      }
    }
  }

  private SmtpInput completedLine(ByteBuf in) {
    if (nul) {
      return new SmtpInput.MalformedLine(SmtpInput.Defect.NUL);
    }
    if (bareCr) {
      return new SmtpInput.MalformedLine(SmtpInput.Defect.BARE_CR);
    }
    if (mode == Mode.AUTH_LINE) {
      mode = Mode.COMMAND;
    }
    return new SmtpInput.CommandLine(new String(line, 0, lineLength, StandardCharsets.ISO_8859_1), in.isReadable());
  }

  private void append(byte b) {
    if (lineLength < line.length) {
      line[lineLength++] = b;
    }
  }

  private void resetLine() {
    lineLength = 0;
    consumed = 0;
    afterCr = false;
    bareCr = false;
    nul = false;
    if (mode == Mode.AUTH_LINE) {
      mode = Mode.COMMAND;
    }
  }

  private void decodeData(ByteBuf in, List<Object> out) {
    int end = data.feed(in);
    if (end < 0) {
      contentRead += in.readableBytes();
      in.skipBytes(in.readableBytes());
      return;
    }
    contentRead += end + 1 - in.readerIndex();
    in.readerIndex(end + 1);
    mode = Mode.COMMAND;
    DataReader finished = data;
    data = null;
    out.add(new SmtpInput.MessageData(finished.finish()));
  }

  private void decodeChunk(ByteBuf in, List<Object> out) {
    int available = (int) Math.min(in.readableBytes(), chunkRemaining);
    int keep = Math.min(available, chunk.length - chunkKept);
    in.readBytes(chunk, chunkKept, keep);
    chunkKept += keep;
    in.skipBytes(available - keep);
    chunkRemaining -= available;
    contentRead += available;
    if (chunkRemaining == 0) {
      mode = Mode.COMMAND;
      byte[] kept = chunk;
      chunk = null;
      out.add(new SmtpInput.Chunk(chunkSize, kept));
    }
  }
}
