package dev.sluice.node.smtp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.node.smtp.SmtpReply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server codec through an {@link EmbeddedChannel}, with input cut by hand; a small handler switches
 * the decoder's mode after DATA, BDAT and AUTH as the session handler would. Every buffer is released (the
 * build runs Netty's leak detector at paranoid).
 */
class SmtpServerDecoderTest {
  private SmtpServerCodec codec;
  private EmbeddedChannel channel;

  @AfterEach
  void releaseEverything() {
    if (channel != null) {
      channel.finishAndReleaseAll();
    }
  }

  private void open(long dataLimit) {
    codec = new SmtpServerCodec(LineLimits.RFC);
    channel = new EmbeddedChannel(codec, new ModeSwitcher(dataLimit));
  }

  /** Switches the decoder as the session would: DATA reads content, BDAT a chunk, AUTH one long line. */
  private final class ModeSwitcher extends ChannelInboundHandlerAdapter {
    private final long dataLimit;

    ModeSwitcher(long dataLimit) {
      this.dataLimit = dataLimit;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      if (message instanceof SmtpInput.CommandLine line) {
        String[] words = line.text().split(" ");
        switch (words[0].toUpperCase(Locale.ROOT)) {
          case "DATA" -> codec.decoder().expectData(dataLimit);
          case "BDAT" -> codec.decoder().expectChunk(Long.parseLong(words[1]), Long.parseLong(words[1]));
          case "AUTH" -> codec.decoder().expectAuthLine();
          case "STARTTLS" -> codec.decoder().discardBuffered();
          default -> { }
        }
      }
      ctx.fireChannelRead(message);
    }
  }

  private void write(String text) {
    channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
  }

  private void writeByteByByte(String text) {
    for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }
  }

  private List<SmtpInput> inputs() {
    List<SmtpInput> inputs = new ArrayList<>();
    for (Object o = channel.readInbound(); o != null; o = channel.readInbound()) {
      inputs.add((SmtpInput) o);
    }
    return inputs;
  }

  private static SmtpInput.CommandLine line(String text, boolean more) {
    return new SmtpInput.CommandLine(text, more);
  }

  private static String text(SmtpInput input) {
    return ((SmtpInput.MessageData) input).content().content().toByteArray().length == 0 ? ""
        : new String(((SmtpInput.MessageData) input).content().content().toByteArray(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void pipelinedCommandsInOneBufferSayThatMoreFollows() {
    open(1000);
    write("EHLO client.example\r\nMAIL FROM:<a@example.com>\r\n");
    assertThat(inputs()).containsExactly(line("EHLO client.example", true), line("MAIL FROM:<a@example.com>", false));
  }

  @Test
  void commandsFedByteByByteDecodeTheSame() {
    open(1000);
    writeByteByByte("EHLO client.example\r\nNOOP\r\n");
    assertThat(inputs()).containsExactly(line("EHLO client.example", false), line("NOOP", false));
  }

  @Test
  void crAndLfInSeparateBuffersMakeOneLineEnd() {
    open(1000);
    write("NOOP\r");
    assertThat(inputs()).isEmpty();
    write("\nQU");
    write("IT\r\n");
    assertThat(inputs()).containsExactly(line("NOOP", true), line("QUIT", false));
  }

  @Test
  void aCommandLineOf512OctetsWithItsCrlfIsAccepted() {
    open(1000);
    String text = "NOOP " + "x".repeat(505);
    write(text + "\r\n");
    assertThat(inputs()).containsExactly(line(text, false));
  }

  @Test
  void a513OctetLineIsTooLongAndItsRestIsDiscardedToTheCrlf() {
    open(1000);
    write("NOOP " + "x".repeat(506) + "\r\nRSET\r\n");
    assertThat(inputs()).containsExactly(new SmtpInput.LineTooLong(), line("RSET", false));
  }

  @Test
  void aHugeLineInFragmentsGivesOneRefusalThenTheNextCommand() {
    open(1000);
    for (int i = 0; i < 20; i++) {
      write("y".repeat(1000));
    }
    write("\r\nQUIT\r\n");
    assertThat(inputs()).containsExactly(new SmtpInput.LineTooLong(), line("QUIT", false));
  }

  @Test
  void anAuthResponseMayBe12288OctetsThenCommandsAre512Again() {
    open(1000);
    String response = "A".repeat(12_286);
    write("AUTH PLAIN\r\n" + response + "\r\n");
    write("NOOP " + "x".repeat(600) + "\r\n");
    assertThat(inputs()).containsExactly(line("AUTH PLAIN", true), line(response, false), new SmtpInput.LineTooLong());
  }

  @Test
  void anAuthResponseOver12288OctetsIsTooLong() {
    open(1000);
    write("AUTH LOGIN\r\n" + "A".repeat(12_287) + "\r\nNOOP\r\n");
    assertThat(inputs()).containsExactly(line("AUTH LOGIN", true), new SmtpInput.LineTooLong(), line("NOOP", false));
  }

  @Test
  void aBareLfRefusesTheLineAndWhatFollowsUpToTheNextCrlf() {
    open(1000);
    // "MAIL FROM" after the bare LF is part of the same refused line: it must never run as a command.
    write("NOOP\nMAIL FROM:<evil@example.com>\r\nRSET\r\n");
    assertThat(inputs()).containsExactly(new SmtpInput.MalformedLine(SmtpInput.Defect.BARE_LF), line("RSET", false));
  }

  @Test
  void anLfOnlyClientGetsOneRefusalPerLine() {
    open(1000);
    write("EHLO a\nMAIL FROM:<a@b>\nRCPT TO:<c@d>\n");
    assertThat(inputs()).containsExactly(new SmtpInput.MalformedLine(SmtpInput.Defect.BARE_LF),
        new SmtpInput.MalformedLine(SmtpInput.Defect.BARE_LF), new SmtpInput.MalformedLine(SmtpInput.Defect.BARE_LF));
  }

  @Test
  void aBareCrIsRefusedAndNeverSplitsTheLine() {
    open(1000);
    write("NOOP\rMAIL FROM:<evil@example.com>\r\nQUIT\r\n");
    assertThat(inputs()).containsExactly(new SmtpInput.MalformedLine(SmtpInput.Defect.BARE_CR), line("QUIT", false));
  }

  @Test
  void aNulIsRefusedAndDoesNotTruncateTheLine() {
    open(1000);
    write("MAIL FROM:<a@example.com>\0 RCPT TO:<b@example.com>\r\nNOOP\r\n");
    assertThat(inputs()).containsExactly(new SmtpInput.MalformedLine(SmtpInput.Defect.NUL), line("NOOP", false));
  }

  /** Catalogue row 17: a quoted local part cannot carry CR, LF or NUL into a command, let alone out again. */
  @ParameterizedTest
  @ValueSource(strings = {"\0", "\r", "\n"})
  void aQuotedLocalPartWithCrLfOrNulIsRefusedAsALine(String octet) {
    open(1000);
    write("RCPT TO:<\"a" + octet + "b\"@example.com>\r\nNOOP\r\n");
    List<SmtpInput> inputs = inputs();
    assertThat(inputs.get(0)).isInstanceOf(SmtpInput.MalformedLine.class);
    assertThat(inputs).last().isEqualTo(line("NOOP", false));
    assertThat(inputs).noneMatch(i -> i instanceof SmtpInput.CommandLine c && c.text().startsWith("RCPT"));
  }

  @Test
  void contentReadCountsTheOctetsOfDataAsSentAndOfAChunk() {
    open(1000);
    write("DATA\r\n..stuffed\r\n");
    assertThat(codec.decoder().contentRead()).isEqualTo(11);
    write("more\r\n.\r\nBDAT 5\r\nab");
    assertThat(codec.decoder().contentRead()).as("a new chunk starts its own count").isEqualTo(2);
    write("cdeNOOP\r\n");
    assertThat(codec.decoder().contentRead()).isEqualTo(5);
    assertThat(inputs()).hasSize(5);
  }

  @Test
  void dataIsUnstuffedAndEndsAtCrlfDotCrlf() {
    open(1000);
    write("DATA\r\nSubject: x\r\n\r\n..leading dot\r\n...\r\n.\r\nQUIT\r\n");
    List<SmtpInput> inputs = inputs();
    assertThat(inputs).hasSize(3);
    assertThat(inputs.get(0)).isEqualTo(line("DATA", true));
    assertThat(text(inputs.get(1))).isEqualTo("Subject: x\r\n\r\n.leading dot\r\n..\r\n");
    assertThat(((SmtpInput.MessageData) inputs.get(1)).content().bareLineEnding()).isFalse();
    assertThat(inputs.get(2)).isEqualTo(line("QUIT", false));
  }

  @Test
  void dataFedByteByByteIsTheSame() {
    open(1000);
    writeByteByByte("DATA\r\nline one\r\n.two\r\n.\r\nNOOP\r\n");
    List<SmtpInput> inputs = inputs();
    assertThat(inputs).hasSize(3);
    assertThat(text(inputs.get(1))).isEqualTo("line one\r\ntwo\r\n");
    assertThat(inputs.get(2)).isEqualTo(line("NOOP", false));
  }

  @Test
  void aDotRightAfterTheDataCommandEndsAnEmptyMessage() {
    open(1000);
    write("DATA\r\n.\r\n");
    List<SmtpInput> inputs = inputs();
    assertThat(inputs).hasSize(2);
    assertThat(text(inputs.get(1))).isEmpty();
  }

  /** SMTP smuggling (CVE-2023-51764 class, catalogue row 29): none of these end the data. */
  @ParameterizedTest
  @ValueSource(strings = {"\n.\n", "\r.\r", "\n.\r\n", "\r\n\0.\r\n", "\r.\r\n", "\r\n.\n", "\r\r\n.\r\r\n"})
  void aSmuggledEndOfDataStaysInsideTheMessage(String fakeEnd) {
    open(10_000);
    String smuggled = "MAIL FROM:<evil@example.com>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\nforged\r\n";
    write("DATA\r\nSubject: real\r\n\r\nbody" + fakeEnd + smuggled + ".\r\nQUIT\r\n");
    List<SmtpInput> inputs = inputs();
    assertThat(inputs).hasSize(3);
    assertThat(inputs.get(1)).isInstanceOf(SmtpInput.MessageData.class);
    assertThat(text(inputs.get(1))).contains("MAIL FROM:<evil@example.com>").endsWith("forged\r\n");
    assertThat(inputs.get(2)).isEqualTo(line("QUIT", false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n.\n", "\r.\r", "\n.\r\n", "\r.\r\n", "\r\n.\n"})
  void aSmuggledEndWithBareCrOrLfIsMarkedBare(String fakeEnd) {
    open(10_000);
    write("DATA\r\nbody" + fakeEnd + "more\r\n.\r\n");
    List<SmtpInput> inputs = inputs();
    assertThat(((SmtpInput.MessageData) inputs.get(1)).content().bareLineEnding()).isTrue();
  }

  @Test
  void aNulBeforeTheDotIsContentKeptByteForByte() {
    open(10_000);
    write("DATA\r\na\r\n\0.\r\nb\r\n.\r\n");
    List<SmtpInput> inputs = inputs();
    assertThat(text(inputs.get(1))).isEqualTo("a\r\n\0.\r\nb\r\n");
    assertThat(((SmtpInput.MessageData) inputs.get(1)).content().bareLineEnding()).isFalse();
  }

  @Test
  void contentOverTheLimitIsReadToTheEndAndNotKept() {
    open(100);
    write("DATA\r\n");
    for (int i = 0; i < 10; i++) {
      write("x".repeat(98) + "\r\n");
    }
    write(".\r\nNOOP\r\n");
    List<SmtpInput> inputs = inputs();
    assertThat(inputs).hasSize(3);
    ContentBuffer.Result content = ((SmtpInput.MessageData) inputs.get(1)).content();
    assertThat(content.exceeded()).isTrue();
    assertThat(content.size()).isEqualTo(1000);
    assertThat(content.content().size()).isZero();
    assertThat(inputs.get(2)).isEqualTo(line("NOOP", false));
  }

  @Test
  void bdatChunksAreReadByCountWhateverTheyHold() {
    open(1000);
    write("BDAT 8\r\nab\r\n.\r\nQ");
    write("BDAT 3 LAST\r\nxyzNOOP\r\n");
    List<SmtpInput> inputs = inputs();
    assertThat(inputs).hasSize(5);
    assertThat(inputs.get(0)).isEqualTo(line("BDAT 8", true));
    assertThat(((SmtpInput.Chunk) inputs.get(1)).size()).isEqualTo(8);
    assertThat(new String(((SmtpInput.Chunk) inputs.get(1)).kept(), StandardCharsets.ISO_8859_1)).isEqualTo("ab\r\n.\r\nQ");
    assertThat(inputs.get(2)).isEqualTo(line("BDAT 3 LAST", true));
    assertThat(new String(((SmtpInput.Chunk) inputs.get(3)).kept(), StandardCharsets.ISO_8859_1)).isEqualTo("xyz");
    assertThat(inputs.get(4)).isEqualTo(line("NOOP", false));
  }

  @Test
  void aChunkKeepsOnlyWhatTheSessionAsksForAndReadsTheRest() {
    open(1000);
    codec.decoder().expectChunk(10, 4);
    writeByteByByte("0123456789NOOP\r\n");
    List<SmtpInput> inputs = inputs();
    assertThat(inputs).hasSize(2);
    assertThat(((SmtpInput.Chunk) inputs.get(0)).size()).isEqualTo(10);
    assertThat(new String(((SmtpInput.Chunk) inputs.get(0)).kept(), StandardCharsets.ISO_8859_1)).isEqualTo("0123");
    assertThat(inputs.get(1)).isEqualTo(line("NOOP", false));
  }

  @Test
  void pausedInputWaitsAndIsDecodedInOrderAfter() {
    open(1000);
    codec.decoder().pause();
    write("NOOP\r\nRSET\r\n");
    write("QUIT\r\n");
    assertThat(inputs()).isEmpty();
    assertThat(codec.decoder().hasPendingInput()).isTrue();
    codec.decoder().expectCommands();
    codec.decoder().decodeBuffered();
    assertThat(inputs()).containsExactly(line("NOOP", true), line("RSET", true), line("QUIT", false));
  }

  @Test
  void startTlsDropsWhatWasPipelinedBehindIt() {
    open(1000);
    write("STARTTLS\r\nMAIL FROM:<evil@example.com>\r\n");
    write("EHLO after.example\r\n");
    assertThat(inputs()).containsExactly(line("STARTTLS", true), line("EHLO after.example", false));
  }

  @Test
  void repliesAreEncodedInTheirWireForm() {
    open(1000);
    channel.writeOutbound(SmtpReply.of(250, "2.0.0", "first", "second"));
    ByteBuf out = channel.readOutbound();
    try {
      assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("250-2.0.0 first\r\n250 2.0.0 second\r\n");
    } finally {
      out.release();
    }
  }
}
