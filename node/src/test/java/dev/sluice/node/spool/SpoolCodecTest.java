package dev.sluice.node.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpoolCodecTest {
  private static final Envelope FULL = new Envelope("0190f3a2-77", "jöe@exämple.com",
      List.of(new Recipient("a@contoso.com", Set.of(Recipient.Notify.SUCCESS, Recipient.Notify.DELAY),
              Optional.of("rfc822;a@contoso.com")),
          new Recipient("b@contoso.com", Set.of(Recipient.Notify.NEVER), Optional.empty()),
          Recipient.of("c@contoso.com")),
      Instant.parse("2026-03-04T05:06:07.890123456Z"), "2001:db8::7", "mail.exämple.com", Optional.of("joe"),
      "HUB1", "Client HUB1",
      new MailParameters(Optional.of(MailParameters.Body.EIGHT_BIT_MIME), true, Optional.of("QQ+2Bxyz"),
          Optional.of(MailParameters.Ret.HDRS)));

  private static final Envelope MINIMAL = new Envelope("m", "", List.of(Recipient.of("x@y")), Instant.EPOCH,
      "127.0.0.1", "", Optional.empty(), "EDGE", "Default EDGE", MailParameters.NONE);

  @Test
  void envelopesSurviveEncodingWithEveryField() {
    assertThat(EnvelopeCodec.decode(ByteBuffer.wrap(EnvelopeCodec.encode(FULL)))).isEqualTo(FULL);
    assertThat(EnvelopeCodec.decode(ByteBuffer.wrap(EnvelopeCodec.encode(MINIMAL)))).isEqualTo(MINIMAL);
    assertThat(MINIMAL.nullSender()).isTrue();
  }

  @Test
  void aTruncatedEnvelopeIsRefusedAtEveryLength() {
    byte[] bytes = EnvelopeCodec.encode(FULL);
    for (int length = 0; length < bytes.length; length++) {
      ByteBuffer cut = ByteBuffer.wrap(bytes, 0, length);
      assertThatThrownBy(() -> EnvelopeCodec.decode(cut)).as("cut at %d", length)
          .isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void anEnvelopeOfAnotherVersionIsRefusedSayingSo() {
    byte[] bytes = EnvelopeCodec.encode(MINIMAL);
    bytes[0] = 9;
    assertThatThrownBy(() -> EnvelopeCodec.decode(ByteBuffer.wrap(bytes)))
        .hasMessageContaining("envelope version 9");
  }

  @Test
  void envelopeFieldsRefuseLineBreaksAndEmptyRecipientLists() {
    assertThatThrownBy(() -> Recipient.of("a@b\r\nRCPT TO:<evil@x>")).hasMessageContaining("CR, LF");
    assertThatThrownBy(() -> new Envelope("m", "", List.of(), Instant.EPOCH, "127.0.0.1", "", Optional.empty(),
        "EDGE", "R", MailParameters.NONE)).hasMessageContaining("at least one recipient");
    assertThatThrownBy(() -> new Recipient("a@b", Set.of(Recipient.Notify.NEVER, Recipient.Notify.SUCCESS),
        Optional.empty())).hasMessageContaining("NEVER");
  }

  @Test
  void recordsRoundTripAndEveryFlippedByteIsCaught() {
    byte[] content = SpoolHarness.content(7, 300);
    ByteBuffer put = RecordCodec.put(42, EnvelopeCodec.encode(FULL), ByteBuffer.wrap(content));
    RecordCodec.Scan scan = RecordCodec.scan(put, 0);
    assertThat(scan).isInstanceOf(RecordCodec.Valid.class);
    RecordCodec.Frame frame = ((RecordCodec.Valid) scan).frame();
    assertThat(frame.id()).isEqualTo(42);
    assertThat(frame.type()).isEqualTo(RecordCodec.PUT);
    assertThat(frame.totalLength()).isEqualTo(put.remaining());
    SpooledMessage message = RecordCodec.message(new SpoolId(42), put, Set.of("a@contoso.com"), 2);
    assertThat(message.envelope()).isEqualTo(FULL);
    assertThat(message.contentBytes()).isEqualTo(content);
    assertThat(message.completed()).containsExactly("a@contoso.com");
    assertThat(message.remaining()).extracting(Recipient::address).containsExactly("b@contoso.com", "c@contoso.com");
    assertThat(message.crashCount()).isEqualTo(2);

    assertEveryFlipAndCutIsCaught(put);
    ByteBuffer del = RecordCodec.del(42);
    assertThat(RecordCodec.scan(del, 0)).isEqualTo(new RecordCodec.Valid(new RecordCodec.Frame(RecordCodec.DEL, 42, 0, 0)));
  }

  @Test
  void completionAndAttemptRecordsRoundTripAndEveryFlippedByteOrCutIsCaught() {
    ByteBuffer done = RecordCodec.done(42, List.of("a@contoso.com", "jöe@exämple.com"));
    RecordCodec.Frame doneFrame = ((RecordCodec.Valid) RecordCodec.scan(done, 0)).frame();
    assertThat(doneFrame.type()).isEqualTo(RecordCodec.DONE);
    assertThat(doneFrame.id()).isEqualTo(42);
    assertThat(RecordCodec.recipients(done, doneFrame)).containsExactlyInAnyOrder("a@contoso.com", "jöe@exämple.com");

    List<RecordCodec.Attempt> attempts = List.of(new RecordCodec.Attempt(7, 0), new RecordCodec.Attempt(9, 3));
    ByteBuffer begin = RecordCodec.attempts(RecordCodec.BEGIN, attempts);
    RecordCodec.Frame beginFrame = ((RecordCodec.Valid) RecordCodec.scan(begin, 0)).frame();
    assertThat(beginFrame.type()).isEqualTo(RecordCodec.BEGIN);
    assertThat(RecordCodec.attempts(begin, beginFrame)).isEqualTo(attempts);
    ByteBuffer end = RecordCodec.attempts(RecordCodec.END, attempts.subList(1, 2));
    assertThat(RecordCodec.attempts(end, ((RecordCodec.Valid) RecordCodec.scan(end, 0)).frame()))
        .containsExactly(new RecordCodec.Attempt(9, 3));

    for (ByteBuffer record : List.of(done, begin, end)) {
      assertEveryFlipAndCutIsCaught(record);
    }
  }

  private static void assertEveryFlipAndCutIsCaught(ByteBuffer record) {
    for (int at = 0; at < record.remaining(); at++) {
      ByteBuffer damaged = ByteBuffer.allocate(record.remaining()).put(record.duplicate()).flip();
      damaged.put(at, (byte) (damaged.get(at) ^ 0x10));
      assertThat(RecordCodec.scan(damaged, 0)).as("flip at %d", at).isNotInstanceOf(RecordCodec.Valid.class);
    }
    for (int length = 0; length < record.remaining(); length++) {
      assertThat(RecordCodec.scan(record.duplicate().limit(length), 0)).as("cut at %d", length)
          .isInstanceOf(RecordCodec.Short.class);
    }
  }

  @Test
  void spoolIdsPrintAndParseAsHex() {
    SpoolId id = new SpoolId(0x1234abcdL);
    assertThat(id).hasToString("000000001234abcd");
    assertThat(SpoolId.parse(id.toString())).isEqualTo(id);
    assertThatThrownBy(() -> SpoolId.parse("zz")).hasMessageContaining("hexadecimal");
  }
}
