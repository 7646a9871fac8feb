package dev.sluice.node.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.node.smtp.client.SmtpClient.Message;
import dev.sluice.node.spool.MailParameters.Body;
import dev.sluice.node.spool.MailParameters.Ret;
import dev.sluice.node.spool.Recipient;
import dev.sluice.node.spool.Recipient.Notify;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which MAIL and RCPT parameters a message gets from which extensions, and when it is not sent at all. */
class EnvelopeParametersTest {
  private static Capabilities offering(boolean eightBit, boolean chunking, boolean binary, boolean dsn) {
    return new Capabilities(true, true, OptionalLong.of(1000), eightBit, chunking, false, Set.of(), true, false,
        binary, dsn);
  }

  private static Message message(Body body) {
    return new Message("s@sluice.test", List.of(Recipient.of("a@example.com")), new byte[10], body,
        Optional.of("ID+2B1"), Optional.of(Ret.FULL));
  }

  @Test
  void eightBitIsDeclaredOnlyWhenOfferedAndSentEitherWay() {
    assertThat(EnvelopeParameters.mail(message(Body.EIGHT_BIT_MIME), offering(true, false, false, false)))
        .containsExactly("SIZE=10", "BODY=8BITMIME");
    assertThat(EnvelopeParameters.mail(message(Body.EIGHT_BIT_MIME), offering(false, false, false, false)))
        .containsExactly("SIZE=10");
    assertThat(EnvelopeParameters.refusal(message(Body.EIGHT_BIT_MIME), offering(false, false, false, false)))
        .isEmpty();
    assertThat(EnvelopeParameters.mail(message(Body.SEVEN_BIT), offering(true, true, true, false)))
        .containsExactly("SIZE=10");
  }

  @Test
  void binaryMimeNeedsBothBinaryMimeAndChunking() {
    assertThat(EnvelopeParameters.refusal(message(Body.BINARY_MIME), offering(true, true, true, false))).isEmpty();
    assertThat(EnvelopeParameters.mail(message(Body.BINARY_MIME), offering(true, true, true, false)))
        .containsExactly("SIZE=10", "BODY=BINARYMIME");
    assertThat(EnvelopeParameters.refusal(message(Body.BINARY_MIME), offering(true, false, true, false)))
        .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(554));
    assertThat(EnvelopeParameters.refusal(message(Body.BINARY_MIME), offering(true, true, false, false)))
        .hasValueSatisfying(r -> assertThat(r.text()).startsWith("5.6.3"));
  }

  @Test
  void dsnParametersGoOnlyToAServerOfferingDsn() {
    Recipient asking = new Recipient("a@example.com", Set.of(Notify.DELAY, Notify.SUCCESS),
        Optional.of("rfc822;a+40example.com"));

    assertThat(EnvelopeParameters.mail(message(Body.SEVEN_BIT), offering(false, false, false, true)))
        .containsExactly("SIZE=10", "RET=FULL", "ENVID=ID+2B1");
    assertThat(EnvelopeParameters.rcpt(asking, offering(false, false, false, true)))
        .containsExactly("NOTIFY=SUCCESS,DELAY", "ORCPT=rfc822;a+40example.com");
    assertThat(EnvelopeParameters.rcpt(asking, offering(false, false, false, false))).isEmpty();
    assertThat(EnvelopeParameters.mail(message(Body.SEVEN_BIT), offering(false, false, false, false)))
        .containsExactly("SIZE=10");
  }

  @Test
  void aMessageOverTheServersSizeIsRefusedBeforeMail() {
    Message big = new Message("s@sluice.test", List.of("a@example.com"), new byte[1001]);

    assertThat(EnvelopeParameters.refusal(big, offering(false, false, false, false)))
        .hasValueSatisfying(r -> assertThat(r.text()).startsWith("5.3.4"));
  }

  @Test
  void aRecipientWithCrOrLfIsRefusedAndANonAsciiAddressIsNotSentMangled() {
    assertThatThrownBy(() -> Recipient.of("a@example.com\r\nRCPT TO:<b@example.com>"))
        .hasMessageContaining("recipient address");
    // U+760A ends in 0x0A: a client that wrote chars as bytes would end the line there.
    Message cjk = new Message("s@sluice.test", List.of("a\u760A@example.com"), new byte[0]);
    Message fromCjk = new Message("s\u760A@sluice.test", List.of("a@example.com"), new byte[0]);

    assertThat(EnvelopeParameters.refusal(cjk, offering(false, false, false, false)))
        .hasValueSatisfying(r -> assertThat(r.code() + " " + r.text()).startsWith("553 5.6.7"));
    assertThat(EnvelopeParameters.refusal(fromCjk, offering(false, false, false, false))).isPresent();
  }

  @Test
  void nothingFromTheEnvelopeCanAddACommandOrSplitAParameter() {
    assertThatThrownBy(() -> new Message("s@sluice.test", List.of(Recipient.of("a@example.com")), new byte[0],
        Body.SEVEN_BIT, Optional.of("id with space"), Optional.empty())).hasMessageContaining("ENVID");
    assertThatThrownBy(() -> new Message("s@x\r\nRSET", List.of("a@example.com"), new byte[0]))
        .hasMessageContaining("sender");
    assertThatThrownBy(() -> new Message("s@sluice.test", List.of(new Recipient("a@example.com", Set.of(),
        Optional.of("rfc822;a b"))), new byte[0], Body.SEVEN_BIT, Optional.empty(), Optional.empty()))
        .hasMessageContaining("ORCPT");
    assertThatThrownBy(() -> new Message("s@sluice.test", List.of("a@example.com", "a@example.com"), new byte[0]))
        .hasMessageContaining("twice");
  }
}
