package dev.sluice.node.smtp.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.smtp.DefaultLastSmtpContent;
import io.netty.handler.codec.smtp.LastSmtpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A message's content as the SMTP client sends it: for DATA, dot-stuffed and ending in CRLF, which
 * netty-codec-smtp's encoder expects and does not do itself (it only appends the final {@code .<CRLF>});
 * for BDAT (RFC 3030), framed into chunks written as raw buffers, since the codec has no BDAT.
 *
 * <p>Line ends go out as CRLF only: a bare LF or a bare CR (which the receive side refuses, so the spool
 * never holds one) would become CRLF here, so that no receiver can read a smuggled end of data into what
 * Sluice sends. Stateless and thread-safe; every buffer returned is the caller's to release.
 */
public final class OutboundContent {
  private OutboundContent() {}

  /**
   * The content of DATA: a dot doubled at the start of every line, every line end CRLF, and CRLF added
   * when the content does not end with one (an empty content stays empty); netty's encoder then ends the
   * data with {@code .<CRLF>}.
   */
  public static LastSmtpContent data(byte[] content, ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(content.length + content.length / 64 + 2);
    boolean lineStart = true;
    for (int i = 0; i < content.length; i++) {
      byte b = content[i];
      if (b == '\r' || b == '\n') {
        // CRLF, a bare CR or a bare LF: one CRLF each.
        out.writeByte('\r').writeByte('\n');
        if (b == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
          i++;
        }
        lineStart = true;
        continue;
      }
      if (lineStart && b == '.') {
        out.writeByte('.');
      }
      out.writeByte(b);
      lineStart = false;
    }
    if (!lineStart) {
      out.writeByte('\r').writeByte('\n');
    }
    return new DefaultLastSmtpContent(out);
  }

  /**
   * The BDAT frames of {@code content} in chunks of at most {@code chunkSize} octets: {@code BDAT <n>}
   * and the chunk, the last one {@code BDAT <n> LAST} (an empty content is one {@code BDAT 0 LAST}). No
   * stuffing: BDAT counts octets, so a line that starts with a dot goes as it is.
   */
  public static List<ByteBuf> bdat(byte[] content, int chunkSize, ByteBufAllocator alloc) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("a BDAT chunk holds at least one octet, not " + chunkSize);
    }
    List<ByteBuf> frames = new ArrayList<>();
    int offset = 0;
    do {
      int n = Math.min(chunkSize, content.length - offset);
      boolean last = offset + n == content.length;
      byte[] command = ("BDAT " + n + (last ? " LAST" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII);
      frames.add(alloc.buffer(command.length + n).writeBytes(command).writeBytes(content, offset, n));
      offset += n;
    } while (offset < content.length);
    return frames;
  }
}
