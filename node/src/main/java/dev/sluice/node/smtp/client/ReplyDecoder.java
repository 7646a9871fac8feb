package dev.sluice.node.smtp.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.smtp.DefaultSmtpResponse;
import io.netty.handler.codec.smtp.SmtpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a server's replies (RFC 5321 section 4.2) into {@link SmtpResponse}s, refusing what is not a
 * reply in bounded memory: a line over {@value #MAX_LINE} octets, a reply of more than {@value #MAX_LINES}
 * lines or {@value #MAX_REPLY} octets (endless continuation lines), a line that does not start with a code
 * of 2xx to 5xx followed by a space, a hyphen or the end of the line, and a multiline reply whose lines
 * carry different codes (section 4.2.1: "the same code on each line"; which one to believe is unknown).
 * Each is a {@link DecoderException}, which the connection turns into a 4xx; from then on every octet is
 * dropped. RFC 5321 section 4.5.3.1.5 limits a reply line to 512 octets; a longer one is still read, since
 * servers exceed it in practice and nothing is lost by reading a few more octets.
 *
 * <p>{@link #discardBuffered} drops what the server sent behind the 220 to STARTTLS, so that none of it is
 * read as if it came over TLS (RFC 3207 section 4.2; the class of CVE-2021-38371 in Exim's client).
 * One per channel; used on its event loop.
 */
final class ReplyDecoder extends ByteToMessageDecoder {
  static final int MAX_LINE = 2048;
  static final int MAX_LINES = 100;
  static final int MAX_REPLY = 64 * 1024;

  private List<CharSequence> details = new ArrayList<>();
  private int code = -1;
  private int lines;
  private int octets;
  private boolean failed;

  /** Drops what was received but not decoded yet (and any part of a reply); the number of octets dropped. */
  int discardBuffered() {
    ByteBuf buffered = internalBuffer();
    int dropped = buffered.readableBytes();
    buffered.skipBytes(dropped);
    reset();
    return dropped;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (!failed && in.isReadable()) {
      int window = Math.min(in.readableBytes(), MAX_LINE + 2);
      int end = in.indexOf(in.readerIndex(), in.readerIndex() + window, (byte) '\n');
      if (end < 0) {
        if (window > MAX_LINE + 1) {
          throw fail("a reply line longer than " + MAX_LINE + " octets");
        }
        return;
      }
      int length = end - in.readerIndex();
      String text = in.toString(in.readerIndex(), length, StandardCharsets.ISO_8859_1);
      in.skipBytes(length + 1);
      SmtpResponse reply = line(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
      if (reply != null) {
        out.add(reply);
        return;
      }
    }
    if (failed) {
      in.skipBytes(in.readableBytes());
    }
  }

  private SmtpResponse line(String text) {
    if (text.length() < 3 || !isCode(text) || text.length() > 3 && text.charAt(3) != ' ' && text.charAt(3) != '-') {
      throw fail("a line that is no SMTP reply: \"" + printable(text) + "\"");
    }
    int lineCode = Integer.parseInt(text.substring(0, 3));
    if (code != -1 && lineCode != code) {
      throw fail("a multiline reply with mixed codes (" + code + " then " + lineCode + ")");
    }
    code = lineCode;
    lines++;
    octets += text.length() + 2;
    if (lines > MAX_LINES || octets > MAX_REPLY) {
      throw fail("a reply of more than " + MAX_LINES + " lines or " + MAX_REPLY + " octets");
    }
    String detail = text.length() > 4 ? text.substring(4) : "";
    if (!detail.isEmpty()) {
      details.add(detail);
    }
    if (text.length() > 3 && text.charAt(3) == '-') {
      return null;
    }
    SmtpResponse reply = new DefaultSmtpResponse(code, details.toArray(CharSequence[]::new));
    reset();
    return reply;
  }

  private static boolean isCode(String text) {
    char c0 = text.charAt(0);
    char c1 = text.charAt(1);
    char c2 = text.charAt(2);
    return c0 >= '2' && c0 <= '5' && c1 >= '0' && c1 <= '5' && c2 >= '0' && c2 <= '9';
  }

  private void reset() {
    details = new ArrayList<>();
    code = -1;
    lines = 0;
    octets = 0;
  }

  private DecoderException fail(String what) {
    failed = true;
    reset();
    return new DecoderException("the server sent " + what);
  }

  private static String printable(String text) {
    String cut = text.length() > 60 ? text.substring(0, 60) + "..." : text;
    StringBuilder out = new StringBuilder();
    for (char c : cut.toCharArray()) {
      out.append(c >= ' ' && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
