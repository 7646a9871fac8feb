package dev.sluice.node.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.smtp.SmtpRequestEncoder;
import io.netty.handler.codec.smtp.SmtpRequests;
import io.netty.handler.codec.smtp.SmtpResponse;
import io.netty.handler.codec.smtp.SmtpResponseDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * What the SMTP client puts on the wire, through netty-codec-smtp's own encoder in an EmbeddedChannel:
 * DATA dot-stuffed and ended with CRLF, BDAT framed, and the EHLO reply read into capabilities.
 */
class OutboundContentTest {
  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** What DATA with {@code content} looks like on the wire. */
  private static String onTheWire(String content) {
    EmbeddedChannel channel = new EmbeddedChannel(new SmtpRequestEncoder());
    channel.writeOutbound(SmtpRequests.data(), OutboundContent.data(ascii(content), ByteBufAllocator.DEFAULT));
    StringBuilder wire = new StringBuilder();
    for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
      wire.append(out.toString(StandardCharsets.US_ASCII));
      out.release();
    }
    assertThat(channel.finish()).isFalse();
    return wire.toString();
  }

  @Test
  void aLineThatBeginsWithADotGetsASecondOne() {
    assertThat(onTheWire(".hidden\r\nline\r\n..two\r\n.\r\n"))
        .isEqualTo("DATA\r\n..hidden\r\nline\r\n...two\r\n..\r\n.\r\n");
  }

  @Test
  void aBodyThatDoesNotEndInCrlfIsEndedWithOne() {
    assertThat(onTheWire("Subject: x\r\n\r\nno end")).isEqualTo("DATA\r\nSubject: x\r\n\r\nno end\r\n.\r\n");
    assertThat(onTheWire("")).isEqualTo("DATA\r\n.\r\n");
  }

  @Test
  void bareLineEndsGoOutAsCrlfSoNoSmuggledEndOfDataLeaves() {
    assertThat(onTheWire("a\n.\nb\r.\rc\r\n")).isEqualTo("DATA\r\na\r\n..\r\nb\r\n..\r\nc\r\n.\r\n");
  }

  @Test
  void bdatFramesCountOctetsAndTheLastSaysSo() {
    List<ByteBuf> frames = OutboundContent.bdat(ascii(".abcdefghi"), 4, ByteBufAllocator.DEFAULT);
    EmbeddedChannel channel = new EmbeddedChannel(new SmtpRequestEncoder());
    channel.writeOutbound(frames.toArray());
    StringBuilder wire = new StringBuilder();
    for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
      wire.append(out.toString(StandardCharsets.US_ASCII));
      out.release();
    }
    assertThat(wire).hasToString("BDAT 4\r\n.abcBDAT 4\r\ndefgBDAT 2 LAST\r\nhi");
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void anEmptyContentIsOneLastChunkAndAChunkHoldsAtLeastAnOctet() {
    List<ByteBuf> frames = OutboundContent.bdat(new byte[0], 4096, ByteBufAllocator.DEFAULT);
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).toString(StandardCharsets.US_ASCII)).isEqualTo("BDAT 0 LAST\r\n");
    frames.forEach(ByteBuf::release);
    assertThatThrownBy(() -> OutboundContent.bdat(new byte[1], 0, ByteBufAllocator.DEFAULT))
        .hasMessageContaining("at least one octet");
  }

  @Test
  void anAuthLoginAnswerGoesOutAsABareLine() {
    EmbeddedChannel channel = new EmbeddedChannel(new SmtpRequestEncoder());
    channel.writeOutbound(SmtpRequests.auth("LOGIN"), SmtpRequests.empty("YWxpY2U="));
    StringBuilder wire = new StringBuilder();
    for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
      wire.append(out.toString(StandardCharsets.US_ASCII));
      out.release();
    }
    assertThat(wire).hasToString("AUTH LOGIN\r\nYWxpY2U=\r\n");
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void theEhloReplyIsReadIntoTheExtensionsTheClientUses() {
    EmbeddedChannel channel = new EmbeddedChannel(new SmtpResponseDecoder(1000));
    channel.writeInbound(Unpooled.copiedBuffer("250-mx.example.com Hello\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
        + "250-AUTH PLAIN LOGIN\r\n250-AUTH=CRAM-MD5\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250-CHUNKING\r\n"
        + "250 STARTTLS\r\n", StandardCharsets.US_ASCII));
    SmtpResponse ehlo = channel.readInbound();

    Capabilities offered = Capabilities.of(ehlo);

    assertThat(offered.pipelining()).isTrue();
    assertThat(offered.size()).isEqualTo(OptionalLong.of(10_240_000));
    assertThat(offered.admits(10_240_000)).isTrue();
    assertThat(offered.admits(10_240_001)).isFalse();
    assertThat(offered.authMechanisms()).containsExactlyInAnyOrder("PLAIN", "LOGIN", "CRAM-MD5");
    assertThat(offered.eightBitMime()).isTrue();
    assertThat(offered.chunking()).isTrue();
    assertThat(offered.startTls()).isTrue();
    assertThat(offered.enhancedStatusCodes()).isTrue();
    assertThat(offered.smtpUtf8()).isFalse();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void aServerThatRefusedEhloOrGaveABareSizeOffersNothingOrNoLimit() {
    EmbeddedChannel channel = new EmbeddedChannel(new SmtpResponseDecoder(1000));
    channel.writeInbound(Unpooled.copiedBuffer("502 5.5.1 EHLO not implemented\r\n250-old.example\r\n250 SIZE\r\n",
        StandardCharsets.US_ASCII));
    assertThat(Capabilities.of(channel.readInbound())).isEqualTo(Capabilities.NONE);
    Capabilities bareSize = Capabilities.of(channel.readInbound());
    assertThat(bareSize.sizeOffered()).isTrue();
    assertThat(bareSize.admits(Long.MAX_VALUE)).isTrue();
    assertThat(channel.finish()).isFalse();
  }
}
