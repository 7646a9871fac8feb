package dev.sluice.node.delivery.dsn;

import static dev.sluice.node.delivery.dsn.Originals.CONTENT;
import static dev.sluice.node.delivery.dsn.Originals.NOW;
import static dev.sluice.node.delivery.dsn.Originals.RECEIVED;
import static dev.sluice.node.delivery.dsn.Originals.SENDER;
import static dev.sluice.node.delivery.dsn.Originals.content;
import static dev.sluice.node.delivery.dsn.Originals.envelope;
import static dev.sluice.node.delivery.dsn.Originals.asking;
import static dev.sluice.node.delivery.dsn.Originals.ret;
import static dev.sluice.node.delivery.dsn.ParsedDsn.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.node.spool.Envelope;
import dev.sluice.node.spool.MailParameters;
import dev.sluice.node.spool.MailParameters.Ret;
import dev.sluice.node.spool.Recipient;
import dev.sluice.node.spool.Recipient.Notify;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DsnBuilderTest {
  private static final Recipient BOB = Recipient.of("bob@example.com");
  private static final RecipientOutcome BOB_UNKNOWN =
      RecipientOutcome.failed(BOB, "5.1.1", "mx.example.com", "smtp; 550 5.1.1 <bob@example.com>: no such user");

  private final DsnBuilder builder = new DsnBuilder("hub1.contoso.com", 10_000, new Random(7));

  private Dsn build(Envelope envelope, String content, RecipientOutcome... outcomes) {
    return builder.build(envelope, content(content), List.of(outcomes), NOW).orElseThrow();
  }

  @Test
  void aFailureReportsTheRecipientTheStatusAndTheReplyInThreeParts() throws Exception {
    Dsn dsn = build(envelope(BOB), CONTENT, BOB_UNKNOWN);
    ParsedDsn parsed = ParsedDsn.parse(dsn);

    assertThat(dsn.sender()).isEmpty();
    assertThat(dsn.recipient()).isEqualTo(SENDER);
    assertThat(dsn.parameters()).isEqualTo(MailParameters.NONE);
    assertThat(parsed.header("From")).isEqualTo("Mail Delivery System <MAILER-DAEMON@hub1.contoso.com>");
    assertThat(parsed.header("To")).isEqualTo("<alice@contoso.com>");
    assertThat(parsed.message.getSubject()).isEqualTo("Undeliverable: Quarterly figures");
    assertThat(parsed.message.getSentDate().toInstant()).isEqualTo(NOW);
    assertThat(parsed.header("Message-ID")).matches("<[0-9a-f]{32}@hub1\\.contoso\\.com>");
    assertThat(parsed.header("Auto-Submitted")).isEqualTo("auto-replied");
    assertThat(parsed.header("MIME-Version")).isEqualTo("1.0");
    assertThat(parsed.message.getContentType()).contains("report-type=delivery-status");
    assertThat(parsed.report.getCount()).isEqualTo(3);

    assertThat(field(parsed.perMessage, "Reporting-MTA")).isEqualTo("dns; hub1.contoso.com");
    assertThat(new MailDateFormat().parse(field(parsed.perMessage, "Arrival-Date")).toInstant()).isEqualTo(RECEIVED);
    assertThat(field(parsed.perMessage, "Original-Envelope-Id")).isNull();
    assertThat(parsed.perRecipient).hasSize(1);
    InternetHeaders bob = parsed.perRecipient.get(0);
    assertThat(field(bob, "Final-Recipient")).isEqualTo("rfc822; bob@example.com");
    assertThat(field(bob, "Original-Recipient")).isNull();
    assertThat(field(bob, "Action")).isEqualTo("failed");
    assertThat(field(bob, "Status")).isEqualTo("5.1.1");
    assertThat(field(bob, "Remote-MTA")).isEqualTo("dns; mx.example.com");
    assertThat(field(bob, "Diagnostic-Code")).isEqualTo("smtp; 550 5.1.1 <bob@example.com>: no such user");
    assertThat(field(bob, "Will-Retry-Until")).isNull();

    assertThat(parsed.text)
        .contains("couldn't be delivered to these recipients")
        .contains("bob@example.com")
        .contains("The email address couldn't be found")
        .contains("The server mx.example.com answered: 550 5.1.1 <bob@example.com>: no such user")
        .contains("A copy of your message is attached.");
    assertThat(parsed.returned.orElseThrow().getContentType()).isEqualTo("message/rfc822");
    MimeMessage returned = (MimeMessage) parsed.returned.orElseThrow().getContent();
    assertThat(returned.getSubject()).isEqualTo("Quarterly figures");
    assertThat(parsed.returnedOctets()).isEqualTo(CONTENT.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void theSameSeedWritesTheSameReport() {
    Dsn first = new DsnBuilder("hub1.contoso.com", 10_000, new Random(3))
        .build(envelope(BOB), content(CONTENT), List.of(BOB_UNKNOWN), NOW).orElseThrow();
    Dsn second = new DsnBuilder("hub1.contoso.com", 10_000, new Random(3))
        .build(envelope(BOB), content(CONTENT), List.of(BOB_UNKNOWN), NOW).orElseThrow();
    Dsn third = builder.build(envelope(BOB), content(CONTENT), List.of(BOB_UNKNOWN), NOW).orElseThrow();

    assertThat(first).isEqualTo(second);
    assertThat(third.content()).isNotEqualTo(first.content());
  }

  @Test
  void retHdrsReturnsOnlyTheHeaderSection() throws Exception {
    ParsedDsn parsed = ParsedDsn.parse(build(envelope(SENDER, ret(Ret.HDRS), BOB), CONTENT, BOB_UNKNOWN));

    assertThat(parsed.returned.orElseThrow().getContentType()).isEqualTo("text/rfc822-headers");
    String headers = new String(parsed.returnedOctets(), StandardCharsets.US_ASCII);
    assertThat(headers).startsWith("From: Alice <alice@contoso.com>\r\n").contains("Subject: Quarterly figures\r\n")
        .doesNotContain("Here are the figures");
    assertThat(parsed.text).contains("The header section of your message is attached.");
  }

  @Test
  void retFullReturnsTheWholeMessage() throws Exception {
    ParsedDsn parsed = ParsedDsn.parse(build(envelope(SENDER, ret(Ret.FULL), BOB), CONTENT, BOB_UNKNOWN));

    assertThat(parsed.returned.orElseThrow().getContentType()).isEqualTo("message/rfc822");
    assertThat(parsed.returnedOctets()).isEqualTo(CONTENT.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void anOriginalOverTheLimitComesBackAsItsHeadersAndTheTextSaysWhy() throws Exception {
    String big = CONTENT + "x".repeat(900) + "\r\n";
    DsnBuilder small = new DsnBuilder("hub1.contoso.com", 500, new Random(1));
    ParsedDsn parsed =
        ParsedDsn.parse(small.build(envelope(BOB), content(big), List.of(BOB_UNKNOWN), NOW).orElseThrow());

    assertThat(parsed.returned.orElseThrow().getContentType()).isEqualTo("text/rfc822-headers");
    assertThat(parsed.text).contains("larger than the 500 octets this server returns")
        .contains("only its header section is attached");
  }

  @Test
  void aLineOver998OctetsIsNotReturnedWhole() throws Exception {
    String longLine = CONTENT + "y".repeat(1500) + "\r\n";
    ParsedDsn parsed = ParsedDsn.parse(build(envelope(BOB), longLine, BOB_UNKNOWN));

    assertThat(parsed.returned.orElseThrow().getContentType()).isEqualTo("text/rfc822-headers");
    assertThat(parsed.text).contains("lines too long");
  }

  @Test
  void notifyNeverAsksForNoNotice() {
    Recipient never = asking("bob@example.com", Notify.NEVER);
    RecipientOutcome failed = RecipientOutcome.failed(never, "5.1.1", "mx.example.com", "smtp; 550 5.1.1 no");

    assertThat(builder.build(envelope(never), content(CONTENT), List.of(failed), NOW)).isEmpty();
  }

  @Test
  void notifySuccessAloneGetsNoFailureNoticeButASuccessNotice() throws Exception {
    Recipient success = asking("bob@example.com", Notify.SUCCESS);
    RecipientOutcome failed = RecipientOutcome.failed(success, "5.1.1", "mx.example.com", "smtp; 550 5.1.1 no");
    RecipientOutcome delivered = new RecipientOutcome(success, Action.DELIVERED, "2.0.0",
        Optional.of("mx.example.com"), Optional.of("smtp; 250 2.0.0 queued as 1234"), Optional.empty());

    assertThat(builder.build(envelope(success), content(CONTENT), List.of(failed), NOW)).isEmpty();
    ParsedDsn parsed = ParsedDsn.parse(build(envelope(success), CONTENT, delivered));
    assertThat(parsed.message.getSubject()).isEqualTo("Delivered: Quarterly figures");
    assertThat(field(parsed.perRecipient.get(0), "Action")).isEqualTo("delivered");
    assertThat(parsed.returned.orElseThrow().getContentType()).isEqualTo("text/rfc822-headers");
    assertThat(parsed.text).contains("was delivered to these recipients");
  }

  @Test
  void withoutNotifyFailuresAndDelaysAreReportedButNotSuccess() {
    RecipientOutcome delivered = new RecipientOutcome(BOB, Action.RELAYED, "2.0.0",
        Optional.empty(), Optional.empty(), Optional.empty());
    RecipientOutcome delayed = RecipientOutcome.delayed(BOB, "4.4.1", Optional.empty(), Optional.empty(),
        RECEIVED.plusSeconds(172_800));

    assertThat(builder.build(envelope(BOB), content(CONTENT), List.of(delivered), NOW)).isEmpty();
    assertThat(builder.build(envelope(BOB), content(CONTENT), List.of(delayed), NOW)).isPresent();
    assertThat(builder.build(envelope(BOB), content(CONTENT), List.of(BOB_UNKNOWN), NOW)).isPresent();
  }

  @Test
  void notifyFailureAloneGetsNoDelayNotice() {
    Recipient failureOnly = asking("bob@example.com", Notify.FAILURE);
    RecipientOutcome delayed = RecipientOutcome.delayed(failureOnly, "4.4.1", Optional.empty(), Optional.empty(),
        RECEIVED.plusSeconds(172_800));

    assertThat(builder.build(envelope(failureOnly), content(CONTENT), List.of(delayed), NOW)).isEmpty();
  }

  @Test
  void theNullSenderNeverGetsANotice() {
    Envelope fromNull = envelope("", MailParameters.NONE, BOB);

    assertThat(builder.build(fromNull, content(CONTENT), List.of(BOB_UNKNOWN), NOW)).isEmpty();
  }

  @Test
  void aDeliveryReportFromARealAddressGetsNoNoticeEither() {
    String report = "From: postmaster@broken.example\r\n"
        + "Content-Type: multipart/report;\r\n\treport-type=\"delivery-status\"; boundary=\"b\"\r\n"
        + "\r\n--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--b--\r\n";

    assertThat(builder.build(envelope(BOB), content(report), List.of(BOB_UNKNOWN), NOW)).isEmpty();
  }

  @Test
  void envidAndOrcptAreCarriedDecodedFromXtext() throws Exception {
    Recipient withOrcpt =
        new Recipient("bob@example.com", Set.of(), Optional.of("rfc822;bob+2Bsales@example.com"));
    MailParameters envid = new MailParameters(Optional.empty(), false, Optional.of("QQ314159+2Bx"), Optional.empty());
    RecipientOutcome failed = RecipientOutcome.failed(withOrcpt, "5.1.1", "mx.example.com", "smtp; 550 5.1.1 no");

    ParsedDsn parsed = ParsedDsn.parse(build(envelope(SENDER, envid, withOrcpt), CONTENT, failed));

    assertThat(field(parsed.perMessage, "Original-Envelope-Id")).isEqualTo("QQ314159+x");
    assertThat(field(parsed.perRecipient.get(0), "Original-Recipient")).isEqualTo("rfc822; bob+sales@example.com");
    assertThat(field(parsed.perRecipient.get(0), "Final-Recipient")).isEqualTo("rfc822; bob@example.com");
  }

  @Test
  void theRecipientsOfOneEventShareOneReport() throws Exception {
    Recipient carol = Recipient.of("carol@example.com");
    Recipient dave = Recipient.of("dave@fabrikam.com");
    Recipient erin = Recipient.of("erin@example.com");
    List<RecipientOutcome> outcomes = List.of(
        BOB_UNKNOWN,
        RecipientOutcome.failed(carol, "5.2.2", "mx.example.com", "smtp; 552 5.2.2 mailbox full"),
        new RecipientOutcome(dave, Action.FAILED, "5.4.4", Optional.empty(),
            Optional.of("X-Sluice; no Send connector matches fabrikam.com"), Optional.empty()));

    Dsn dsn = builder.build(envelope(BOB, carol, dave, erin), content(CONTENT), outcomes, NOW).orElseThrow();
    ParsedDsn parsed = ParsedDsn.parse(dsn);

    assertThat(parsed.finalRecipients())
        .containsExactly("rfc822; bob@example.com", "rfc822; carol@example.com", "rfc822; dave@fabrikam.com");
    assertThat(parsed.perRecipient).allSatisfy(group -> assertThat(field(group, "Action")).isEqualTo("failed"));
    assertThat(field(parsed.perRecipient.get(2), "Remote-MTA")).isNull();
    assertThat(parsed.text).contains("bob@example.com", "carol@example.com", "dave@fabrikam.com")
        .contains("mailbox is full").contains("Reason: no Send connector matches fabrikam.com")
        .doesNotContain("erin@example.com");
  }

  @Test
  void aDelayNoticeSaysUntilWhenItIsRetriedAndReturnsHeadersOnly() throws Exception {
    Instant expiry = RECEIVED.plusSeconds(2 * 86_400);
    RecipientOutcome delayed = RecipientOutcome.delayed(BOB, "4.4.1", Optional.of("mx.example.com"),
        Optional.of("smtp; 451 4.4.1 try again later"), expiry);

    ParsedDsn parsed = ParsedDsn.parse(build(envelope(BOB), CONTENT, delayed));

    assertThat(parsed.message.getSubject()).isEqualTo("Delivery Status Notification (Delay)");
    InternetHeaders bob = parsed.perRecipient.get(0);
    assertThat(field(bob, "Action")).isEqualTo("delayed");
    assertThat(field(bob, "Status")).isEqualTo("4.4.1");
    assertThat(new MailDateFormat().parse(field(bob, "Will-Retry-Until")).toInstant()).isEqualTo(expiry);
    assertThat(parsed.returned.orElseThrow().getContentType()).isEqualTo("text/rfc822-headers");
    assertThat(parsed.text).contains("hasn't been delivered to these recipients yet")
        .contains("Delivery will be tried until Wed, 4 Mar 2026 08:15:30 +0000.");
  }

  @Test
  void failuresAndDelaysGivenTogetherMakeOneReportNamedForTheFailure() throws Exception {
    Recipient carol = Recipient.of("carol@example.com");
    RecipientOutcome delayed = RecipientOutcome.delayed(carol, "4.4.1", Optional.empty(), Optional.empty(),
        RECEIVED.plusSeconds(172_800));

    ParsedDsn parsed = ParsedDsn.parse(build(envelope(BOB, carol), CONTENT, BOB_UNKNOWN, delayed));

    assertThat(parsed.message.getSubject()).isEqualTo("Undeliverable: Quarterly figures");
    assertThat(parsed.perRecipient).extracting(group -> field(group, "Action")).containsExactly("failed", "delayed");
    assertThat(parsed.returned.orElseThrow().getContentType()).isEqualTo("message/rfc822");
  }

  @Test
  void expiryIsAFailureWith447() throws Exception {
    RecipientOutcome expired = new RecipientOutcome(BOB, Action.FAILED, "4.4.7", Optional.empty(),
        Optional.of("smtp; 451 4.4.1 try again later"), Optional.empty());

    ParsedDsn parsed = ParsedDsn.parse(build(envelope(BOB), CONTENT, expired));

    assertThat(field(parsed.perRecipient.get(0), "Action")).isEqualTo("failed");
    assertThat(field(parsed.perRecipient.get(0), "Status")).isEqualTo("4.4.7");
    assertThat(parsed.text).contains("expired");
    assertThat(parsed.returned.orElseThrow().getContentType()).isEqualTo("message/rfc822");
  }

  @Test
  void aNonAsciiSubjectIsEncodedAndReadsBack() throws Exception {
    String utf8 = CONTENT.replace("Subject: Quarterly figures", "Subject: Grüße aus Köln – Übersicht");
    String encoded = CONTENT.replace("Subject: Quarterly figures", "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=");

    Dsn raw = build(envelope(BOB), utf8, BOB_UNKNOWN);
    ParsedDsn parsedRaw = ParsedDsn.parse(raw);
    ParsedDsn parsedEncoded = ParsedDsn.parse(build(envelope(BOB), encoded, BOB_UNKNOWN));

    assertThat(parsedRaw.message.getSubject()).isEqualTo("Undeliverable: Grüße aus Köln – Übersicht");
    assertThat(parsedRaw.header("Subject")).matches("[\\x20-\\x7e\\r\\n\\t]+");
    assertThat(parsedEncoded.message.getSubject()).isEqualTo("Undeliverable: Grüße");
    // The returned original keeps its 8-bit header, so the DSN is sent as 8BITMIME.
    assertThat(raw.parameters().body()).contains(MailParameters.Body.EIGHT_BIT_MIME);
    assertThat(parsedRaw.returned.orElseThrow().getHeader("Content-Transfer-Encoding")).containsExactly("8bit");
  }

  @Test
  void aLongSubjectIsFolded() throws Exception {
    String subject = "word ".repeat(60).strip();
    ParsedDsn parsed =
        ParsedDsn.parse(build(envelope(BOB), CONTENT.replace("Quarterly figures", subject), BOB_UNKNOWN));

    assertThat(parsed.message.getSubject()).isEqualTo("Undeliverable: " + subject);
    assertThat(parsed.header("Subject")).contains("\r\n ");
  }

  @Test
  void anOriginalWithoutASubjectGetsAPlainSubject() throws Exception {
    String noSubject = CONTENT.replace("Subject: Quarterly figures\r\n", "");

    assertThat(ParsedDsn.parse(build(envelope(BOB), noSubject, BOB_UNKNOWN)).message.getSubject())
        .isEqualTo("Undeliverable");
  }

  @Test
  void anOriginalWithNoHeaderSectionIsReturnedBehindAnEmptyHeaderSection() throws Exception {
    String bodyOnly = "just a body line\r\nand another: with a colon\r\n";

    ParsedDsn whole = ParsedDsn.parse(build(envelope(BOB), bodyOnly, BOB_UNKNOWN));
    ParsedDsn headers = ParsedDsn.parse(build(envelope(SENDER, ret(Ret.HDRS), BOB), bodyOnly, BOB_UNKNOWN));

    assertThat(whole.message.getSubject()).isEqualTo("Undeliverable");
    MimeMessage returned = (MimeMessage) whole.returned.orElseThrow().getContent();
    assertThat(returned.getAllHeaders().hasMoreElements()).isFalse();
    assertThat(new String(returned.getRawInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(bodyOnly);
    assertThat(headers.returned).isEmpty();
    assertThat(headers.text).contains("no header section to return");
  }

  @Test
  void bareLineEndsInTheOriginalLeaveAsCrlf() throws Exception {
    String bareLf = "From: alice@contoso.com\nSubject: bare\n\nline one\nline two\rline three";

    Dsn dsn = build(envelope(BOB), bareLf, BOB_UNKNOWN);
    ParsedDsn parsed = ParsedDsn.parse(dsn);

    assertThat(parsed.message.getSubject()).isEqualTo("Undeliverable: bare");
    assertThat(new String(parsed.returnedOctets(), StandardCharsets.US_ASCII))
        .isEqualTo("From: alice@contoso.com\r\nSubject: bare\r\n\r\nline one\r\nline two\r\nline three\r\n");
  }

  @Test
  void anAddressThatIsNotAsciiUsesTheUtf8AddressTypeAndSmtputf8() throws Exception {
    Recipient jose = Recipient.of("josé@example.com");
    MailParameters utf8 = new MailParameters(Optional.empty(), true, Optional.empty(), Optional.empty());
    Envelope envelope = envelope("zoë@contoso.com", utf8, jose);
    RecipientOutcome failed = RecipientOutcome.failed(jose, "5.1.1", "mx.example.com", "smtp; 550 5.1.1 unknown");

    Dsn dsn = build(envelope, CONTENT, failed);
    ParsedDsn parsed = ParsedDsn.parse(dsn);

    assertThat(dsn.parameters().smtpUtf8()).isTrue();
    assertThat(field(parsed.perRecipient.get(0), "Final-Recipient")).isEqualTo("utf-8; jos\\x{E9}@example.com");
    assertThat(parsed.text).contains("josé@example.com");
  }

  @Test
  void anOutcomeForAnotherMessagesRecipientIsRefused() {
    RecipientOutcome stranger = RecipientOutcome.failed(Recipient.of("mallory@example.com"), "5.1.1", "mx.example.com",
        "smtp; 550 no");

    assertThatThrownBy(() -> builder.build(envelope(BOB), content(CONTENT), List.of(stranger), NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a recipient of message MSG-1");
    assertThatThrownBy(() -> builder.build(envelope(BOB), content(CONTENT), List.of(BOB_UNKNOWN, BOB_UNKNOWN), NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reported twice");
  }

  @Test
  void anOutcomeWhoseStatusDoesNotFitItsActionIsRefused() {
    assertThatThrownBy(() -> RecipientOutcome.failed(BOB, "2.0.0", "mx.example.com", "smtp; 250 ok"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit action failed");
    assertThatThrownBy(() -> RecipientOutcome.failed(BOB, "5.1.1", "mx.example.com", "550 no type"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'type; text'");
    assertThatThrownBy(() -> RecipientOutcome.failed(BOB, "5.1.1", "mx.exämple.com", "smtp; 550 no"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host name");
    assertThatThrownBy(() -> new RecipientOutcome(BOB, Action.FAILED, "5.1.1", Optional.empty(), Optional.empty(),
        Optional.of(NOW))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Will-Retry-Until");
  }

  @Test
  void theCallersBufferIsLeftAsItWas() {
    ByteBuffer buffer = content(CONTENT);
    builder.build(envelope(BOB), buffer, List.of(BOB_UNKNOWN), NOW);

    assertThat(buffer.position()).isZero();
    assertThat(buffer.remaining()).isEqualTo(CONTENT.length());
  }

  @Test
  void aReturnedMessageParsesOnItsOwn() throws Exception {
    byte[] returned = ParsedDsn.parse(build(envelope(BOB), CONTENT, BOB_UNKNOWN)).returnedOctets();
    MimeMessage again = new MimeMessage(null, new ByteArrayInputStream(returned));

    assertThat(again.getHeader("Message-ID", null)).isEqualTo("<q1@contoso.com>");
  }
}
