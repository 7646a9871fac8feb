package dev.sluice.node.smtp.receive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.node.smtp.SmtpReply;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The session state machine without Netty, table-driven: each row is one input and the step it must give,
 * as {@code 250 2.1.0}, {@code close 421 4.7.0}, {@code 354}, {@code tls 220 2.0.0}, {@code chunk} or
 * {@code await}. {@code !greet} sends the greeting, {@code !tls} completes a STARTTLS handshake; inputs in
 * braces are the decoder's refusals ({@code {TOO_LONG}}) or content ({@code {DATA}...}, {@code {CHUNK}...}).
 * The expected replies are the reliability catalogue's, rows 1-24 and 34-46.
 */
class SmtpSessionTest {
  private static final SessionSettings SETTINGS = new SessionSettings("mx.example.com", 20, 100, true, 1000);

  private static SessionDriver driver(SessionSettings settings, ConnectionFacts connection, TestPolicy policy) {
    return new SessionDriver(settings, connection, policy, new RecordingSink());
  }

  private static void run(SessionDriver driver, String table) {
    // %N stands for N octets of text, so a long line fits in a table row.
    table = java.util.regex.Pattern.compile("%(\\d+)").matcher(table).replaceAll(m -> "a".repeat(Integer.parseInt(m.group(1))));
    for (String row : table.strip().split("\n")) {
      int arrow = row.lastIndexOf(" => ");
      String input = row.substring(0, arrow).strip();
      String expected = row.substring(arrow + 4).strip();
      if (input.equals("!tls")) {
        driver.session.tlsStarted();
        continue;
      }
      Step step = input.equals("!greet") ? driver.greet() : driver.send(input);
      assertThat(SessionDriver.describe(step)).as("reply to '%s'", input).isEqualTo(expected);
    }
  }

  private static String plain(String user, String password) {
    return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyVerbInAWholeSession() {
    SessionDriver driver = SessionDriver.standard();
    run(driver, """
        !greet                                     => 220
        EHLO client.example                        => 250
        HELO client.example                        => 250
        MAIL FROM:<alice@example.com> SIZE=100 BODY=8BITMIME => 250 2.1.0
        RCPT TO:<bob@example.com>                  => 250 2.1.5
        RCPT TO: <Postmaster>                      => 250 2.1.5
        DATA                                       => 354
        {DATA}Subject: hi\\r\\n\\r\\n..dot\\r\\n.\\r\\n => 250 2.0.0
        RSET                                       => 250 2.0.0
        NOOP                                       => 250 2.0.0
        VRFY bob                                   => 252 2.5.0
        HELP                                       => 214 2.0.0
        EXPN staff                                 => 502 5.5.1
        QUIT                                       => close 221 2.0.0
        """);
    assertThat(driver.sink.received()).hasSize(1);
    RecordingSink.Received message = driver.sink.received().get(0);
    assertThat(message.text()).isEqualTo("Subject: hi\r\n\r\n.dot\r\n");
    assertThat(message.envelope().sender()).contains(new Mailbox("alice", "example.com"));
    assertThat(message.envelope().recipients()).containsExactly(new Mailbox("bob", "example.com"),
        new Mailbox("Postmaster", ""));
    assertThat(message.envelope().body()).isEqualTo(BodyType.EIGHT_BIT_MIME);
    assertThat(message.envelope().declaredSize()).hasValue(100);
  }

  @Test
  void commandsOutOfOrderAre503() {
    run(SessionDriver.standard(), """
        !greet                          => 220
        MAIL FROM:<a@example.com>       => 503 5.5.1
        STARTTLS                        => 503 5.5.1
        AUTH PLAIN                      => 503 5.5.1
        EHLO client.example             => 250
        RCPT TO:<b@example.com>         => 503 5.5.1
        DATA                            => 503 5.5.1
        MAIL FROM:<a@example.com>       => 250 2.1.0
        MAIL FROM:<a@example.com>       => 503 5.5.1
        DATA                            => 503 5.5.1
        STARTTLS                        => 503 5.5.1
        RCPT TO:<unknown@example.com>   => 550 5.1.1
        DATA                            => 554 5.5.1
        RCPT TO:<b@example.com>         => 250 2.1.5
        BDAT 3                          => chunk
        {CHUNK}abc                      => 250 2.0.0
        DATA                            => 503 5.5.1
        """);
  }

  @Test
  void malformedCommandsAndPaths() {
    // More errors than the default 20 in one table: the limit has its own test.
    run(driver(new SessionSettings("mx.example.com", 100, 100, true, 1000), SessionDriver.REMOTE, TestPolicy.standard()), """
        !greet                               => 220
        EHLO                                 => 501 5.5.4
        EHLO [999.1.1.1]                     => 501 5.5.4
        EHLO two words                       => 501 5.5.4
        EHLO [192.0.2.7]                     => 250
        FOO                                  => 500 5.5.2
                                             => 500 5.5.2
        {TOO_LONG}                           => 500 5.5.2
        {BARE_LF}                            => 500 5.5.2
        {BARE_CR}                            => 500 5.5.2
        {NUL}                                => 500 5.5.2
        MAIL FROM:foo@example.com            => 501 5.5.4
        MAIL TO:<a@example.com>              => 501 5.5.4
        MAIL FROM:<a@>                       => 501 5.1.7
        MAIL FROM:<a@example.com>junk        => 501 5.5.4
        MAIL FROM:<jörg@example.com>         => 553 5.6.7
        MAIL FROM:<a@example.com> FOO=1      => 555 5.5.4
        MAIL FROM:<a@example.com> SIZE=abc   => 501 5.5.4
        MAIL FROM:<a@example.com> SIZE=10001 => 552 5.3.4
        MAIL FROM:<a@example.com> SIZE=1 SIZE=2 => 501 5.5.4
        MAIL FROM:<>                         => 250 2.1.0
        RCPT TO:bob@example.com              => 501 5.5.4
        RCPT TO:<>                           => 501 5.1.3
        RCPT TO:<b@%s.example.com>           => 501 5.1.3
        RCPT TO:<b@example.com> NOTIFY=NEVER => 555 5.5.4
        DATA now                             => 501 5.5.4
        RSET now                             => 501 5.5.4
        VRFY                                 => 501 5.5.4
        BDAT x                               => 501 5.5.4
        BDAT 5 NOTLAST                       => 501 5.5.4
        """.replace("%s", "l".repeat(64)));
  }

  @Test
  void eightBitOctetsInCommandsAreRefusedSinceSmtpUtf8IsNotOffered() {
    // Catalogue row 7: 0xC3 0x28 is no UTF-8 at all; without SMTPUTF8 any octet over 127 in a path is 553.
    run(SessionDriver.standard(), """
        !greet                         => 220
        EHLO caf\u00c3\u0028.example => 501 5.5.4
        EHLO client.example            => 250
        MAIL FROM:<\u00c3\u0028@example.com> => 553 5.6.7
        MAIL FROM:<a@example.com>      => 250 2.1.0
        RCPT TO:<b@ex\u00c3\u0028mple.com> => 553 5.6.7
        """);
  }

  @Test
  void pathLengthsAndSourceRoutesAsTheCatalogueAsks() {
    SessionDriver driver = SessionDriver.standard();
    run(driver, """
        !greet                                  => 220
        EHLO client.example                     => 250
        MAIL FROM:<a@example.com>               => 250 2.1.0
        RCPT TO:<%200@example.com>              => 250 2.1.5
        RCPT TO:<%243@example.com>              => 501 5.1.3
        RCPT TO:<b@%DOMAIN>                     => 501 5.1.3
        RCPT TO:<@a.example,@b.example:c@example.com> => 250 2.1.5
        RCPT TO:<u@x.example@example.com>       => 501 5.1.3
        RCPT TO:<u%evil.example@example.com>    => 250 2.1.5
        RCPT TO:<evil.example!u@example.com>    => 250 2.1.5
        RCPT TO:<u%example.com@evil.example>    => 550 5.7.1
        DATA                                    => 354
        {DATA}x\\r\\n.\\r\\n            => 250 2.0.0
        """.replace("%DOMAIN", (("d".repeat(62) + ".").repeat(4) + "example").substring(0, 256)));
    // Row 15: a 200-octet local part is accepted; row 18: the route is dropped, and % and ! stay in the
    // local part of our own domain, so no sender-specified route is ever followed.
    assertThat(driver.sink.received().get(0).envelope().recipients()).containsExactly(
        new Mailbox("a".repeat(200), "example.com"), new Mailbox("c", "example.com"),
        new Mailbox("u%evil.example", "example.com"), new Mailbox("evil.example!u", "example.com"));
  }

  @Test
  void aHundredRecipientsAreAcceptedAndTheHundredAndFirstIs452() {
    SessionDriver driver = SessionDriver.standard();
    run(driver, "!greet => 220\nEHLO client.example => 250\nMAIL FROM:<a@example.com> => 250 2.1.0");
    for (int i = 1; i <= 100; i++) {
      run(driver, "RCPT TO:<r" + i + "@example.com> => 250 2.1.5");
    }
    // Catalogue row 22 (RFC 5321 4.5.3.1.8 asks for at least 100).
    run(driver, "RCPT TO:<r101@example.com> => 452 4.5.3\nDATA => 354\n{DATA}x\\r\\n.\\r\\n => 250 2.0.0");
    assertThat(driver.sink.received().get(0).envelope().recipients()).hasSize(100);
  }

  @Test
  void repeatedAuthFailuresAreProtocolErrorsAndEndTheSession() {
    // Catalogue row 40: 535 each time, then past the error limit 421 and close (Exchange disconnects after 3).
    run(driver(new SessionSettings("mx.example.com", 3, 100, true, 1000), SessionDriver.LOOPBACK,
        TestPolicy.standard()), """
        !greet              => 220
        EHLO client.example => 250
        AUTH PLAIN %wrong   => 535 5.7.8
        AUTH PLAIN %wrong   => 535 5.7.8
        AUTH PLAIN %wrong   => 535 5.7.8
        AUTH PLAIN %wrong   => close 421 4.7.0
        """.replace("%wrong", plain("alice", "guess")));
  }

  @Test
  void policyRefusalsAtMailAndRcpt() {
    run(SessionDriver.standard(), """
        !greet                              => 220
        EHLO client.example                 => 250
        MAIL FROM:<blocked@example.net>     => 550 5.7.1
        MAIL FROM:<a@example.net>           => 250 2.1.0
        RCPT TO:<someone@elsewhere.org>     => 550 5.7.1
        RCPT TO:<unknown@example.com>       => 550 5.1.1
        RCPT TO:<full@example.com>          => 452 4.3.1
        RCPT TO:<"quoted user"@example.com> => 250 2.1.5
        RCPT TO:<@relay.example:b@example.com> => 250 2.1.5
        """);
  }

  @Test
  void recipientsPastTheLimitAre452AndTheMessageGoesToTheOthers() {
    SessionDriver driver = driver(SETTINGS, SessionDriver.REMOTE, new TestPolicy(10_000, 2, false));
    run(driver, """
        !greet                    => 220
        EHLO client.example       => 250
        MAIL FROM:<a@example.com> => 250 2.1.0
        RCPT TO:<b@example.com>   => 250 2.1.5
        RCPT TO:<c@example.com>   => 250 2.1.5
        RCPT TO:<d@example.com>   => 452 4.5.3
        DATA                      => 354
        {DATA}x\\r\\n.\\r\\n      => 250 2.0.0
        """);
    assertThat(driver.sink.received().get(0).envelope().recipients()).hasSize(2);
  }

  @Test
  void contentOverTheSizeLimitIs552AtTheEndAndNothingIsStored() {
    SessionDriver driver = driver(SETTINGS, SessionDriver.REMOTE, new TestPolicy(20, 100, false));
    run(driver, """
        !greet                    => 220
        EHLO client.example       => 250
        MAIL FROM:<a@example.com> => 250 2.1.0
        RCPT TO:<b@example.com>   => 250 2.1.5
        DATA                      => 354
        {DATA}0123456789\\r\\n0123456789\\r\\n0123456789\\r\\n.\\r\\n => 552 5.3.4
        MAIL FROM:<a@example.com> => 250 2.1.0
        """);
    assertThat(driver.sink.received()).isEmpty();
  }

  @Test
  void bareLineEndsInContentAreRefusedAndNothingIsStored() {
    SessionDriver driver = SessionDriver.standard();
    run(driver, """
        !greet                    => 220
        EHLO client.example       => 250
        MAIL FROM:<a@example.com> => 250 2.1.0
        RCPT TO:<b@example.com>   => 250 2.1.5
        DATA                      => 354
        {DATA}a\\n.\\nMAIL FROM:<evil@example.com>\\r\\n.\\r\\n => 550 5.5.2
        """);
    assertThat(driver.sink.received()).isEmpty();
  }

  @Test
  void aTextLineOverTheLimitIsRefusedWholeAtTheEndOfDataAndNothingIsStored() {
    // One protocol error ends this session: the refusals below are not counted as errors.
    SessionDriver driver = driver(new SessionSettings("mx.example.com", 1, 100, true, 1000), SessionDriver.REMOTE,
        TestPolicy.standard());
    String transaction = """
        MAIL FROM:<a@example.com> => 250 2.1.0
        RCPT TO:<b@example.com>   => 250 2.1.5
        """;
    run(driver, "!greet => 220\nEHLO client.example => 250\n"
        + transaction + "DATA => 354\n{DATA}Subject: long\\r\\n\\r\\n%998\\r\\n.\\r\\n => 250 2.0.0\n"
        + transaction + "DATA => 354\n{DATA}Subject: long\\r\\n\\r\\n%999\\r\\n.\\r\\n => 500 5.2.3\n"
        // BDAT content need not end in CRLF: its last line counts too.
        + transaction + "BDAT 1001 LAST => chunk\n{CHUNK}%1001 => 500 5.2.3\n"
        + transaction);
    assertThat(driver.sink.received()).hasSize(1);
    assertThat(driver.sink.received().get(0).content().hasLongLines()).isFalse();

    Step refused = inData(SessionDriver.standard()).content("a".repeat(1_500) + "\r\n.\r\n");
    assertThat(SessionDriver.reply(refused).lines()).containsExactly(
        "Error: line too long: a line of the message has 1502 octets with its CRLF, at most 1000 are accepted");
  }

  @Test
  void aRaisedTextLineLimitKeepsLongerLinesByteForByteAndFlagsThem() {
    SessionDriver driver = inData(driver(new SessionSettings("mx.example.com", 20, 100, true, 2000),
        SessionDriver.REMOTE, TestPolicy.standard()));
    String line = "b".repeat(1_998);
    assertThat(SessionDriver.describe(driver.content(line + "\r\n.\r\n"))).isEqualTo("250 2.0.0");
    assertThat(driver.sink.received().get(0).text()).isEqualTo(line + "\r\n");
    assertThat(driver.sink.received().get(0).content().hasLongLines()).isTrue();
  }

  @Test
  void aDataTimeoutOrATrickleEndsTheSessionAndKeepsNothingOfTheMessage() {
    SessionDriver stalled = inData(SessionDriver.standard());
    Step timedOut = stalled.session.dataTimedOut();
    assertThat(SessionDriver.describe(timedOut)).isEqualTo("close 421 4.4.2");
    assertThat(SessionDriver.reply(timedOut).lines())
        .containsExactly("mx.example.com Timeout waiting for data, closing connection");
    assertThat(stalled.session.inTransaction()).isFalse();

    SessionDriver trickling = inData(SessionDriver.standard());
    Step tooSlow = trickling.session.dataTooSlow(12, 1024);
    assertThat(SessionDriver.describe(tooSlow)).isEqualTo("close 421 4.4.2");
    assertThat(SessionDriver.reply(tooSlow).lines())
        .containsExactly("mx.example.com Error: data rate too low (12 octets/s, at least 1024 needed), closing connection");
    assertThat(trickling.session.inTransaction()).isFalse();
    assertThat(stalled.sink.received()).isEmpty();
    assertThat(trickling.sink.received()).isEmpty();
  }

  @Test
  void contentPipelinedBeforeThe354EndsTheSession() {
    SessionDriver driver = SessionDriver.standard();
    run(driver, """
        !greet                    => 220
        EHLO client.example       => 250
        MAIL FROM:<a@example.com> => 250 2.1.0
        RCPT TO:<b@example.com>   => 250 2.1.5
        """);
    assertThat(SessionDriver.describe(driver.send("DATA", true))).isEqualTo("close 554 5.5.0");
  }

  @Test
  void bdatChunksMakeOneMessage() {
    SessionDriver driver = SessionDriver.standard();
    run(driver, """
        !greet                    => 220
        EHLO client.example       => 250
        MAIL FROM:<a@example.com> => 250 2.1.0
        RCPT TO:<b@example.com>   => 250 2.1.5
        BDAT 7                    => chunk
        {CHUNK}hello\\r           => 250 2.0.0
        BDAT 3                    => chunk
        {CHUNK}\\n.\\r            => 250 2.0.0
        BDAT 1                    => chunk
        {CHUNK}\\n                => 250 2.0.0
        BDAT 0 LAST               => 250 2.0.0
        """.replace("hello\\\\r", "hello\\\\r"));
    assertThat(driver.sink.received()).hasSize(1);
    assertThat(driver.sink.received().get(0).text()).isEqualTo("hello\r\n.\r\n");
    assertThat(driver.sink.received().get(0).envelope().chunked()).isTrue();
  }

  @Test
  void aBdatChunkOverTheLimitIsReadAndRefusedAndEndsTheTransaction() {
    SessionDriver driver = driver(SETTINGS, SessionDriver.REMOTE, new TestPolicy(10, 100, false));
    run(driver, """
        !greet                    => 220
        EHLO client.example       => 250
        BDAT 2                    => chunk
        {CHUNK}ab                 => 503 5.5.1
        MAIL FROM:<a@example.com> => 250 2.1.0
        RCPT TO:<b@example.com>   => 250 2.1.5
        BDAT 6                    => chunk
        {CHUNK}abcdef             => 250 2.0.0
        BDAT 20 LAST              => chunk
        {CHUNK}01234567890123456789 => 552 5.3.4
        BDAT 1 LAST               => chunk
        {CHUNK}x                  => 503 5.5.1
        """);
    assertThat(driver.sink.received()).isEmpty();
  }

  @Test
  void startTlsOnceWithoutArgumentAndTheClientStartsAfresh() {
    run(SessionDriver.standard(), """
        !greet                    => 220
        EHLO client.example       => 250
        STARTTLS now              => 501 5.5.4
        STARTTLS                  => tls 220 2.0.0
        !tls                      => -
        MAIL FROM:<a@example.com> => 503 5.5.1
        EHLO client.example       => 250
        STARTTLS                  => 554 5.5.1
        AUTH PLAIN %s             => 235 2.7.0
        """.replace("%s", plain("alice", "secret")));
  }

  @Test
  void startTlsWithoutATlsContextIsNotImplemented() {
    run(driver(new SessionSettings("mx.example.com", 20, 100, false, 1000), SessionDriver.REMOTE, TestPolicy.standard()), """
        !greet              => 220
        EHLO client.example => 250
        STARTTLS            => 502 5.5.1
        """);
  }

  @Test
  void authIsRefusedInClearFromAnotherHost() {
    run(SessionDriver.standard(), """
        !greet              => 220
        EHLO client.example => 250
        AUTH PLAIN          => 530 5.7.0
        """);
  }

  @Test
  void authPlainAndLoginSucceedFailAndCancel() {
    SessionDriver driver = driver(SETTINGS, SessionDriver.LOOPBACK, TestPolicy.standard());
    run(driver, """
        !greet                         => 220
        EHLO client.example            => 250
        AUTH CRAM-MD5                  => 504 5.5.4
        AUTH PLAIN a b c               => 501 5.5.4
        AUTH PLAIN %wrong              => 535 5.7.8
        AUTH PLAIN                     => 334
        !!!not-base64                  => 501 5.5.2
        AUTH PLAIN                     => 334
        {TOO_LONG}                     => 500 5.5.6
        AUTH LOGIN                     => 334
        *                              => 501 5.0.0
        AUTH PLAIN %nonul              => 535 5.7.8
        AUTH LOGIN                     => 334
        %user                          => 334
        %password                      => 235 2.7.0
        AUTH PLAIN %right              => 503 5.5.1
        MAIL FROM:<alice@example.com>  => 250 2.1.0
        RCPT TO:<friend@elsewhere.org> => 250 2.1.5
        """.replace("%wrong", plain("alice", "guess")).replace("%right", plain("alice", "secret"))
        .replace("%nonul", b64("alice secret")).replace("%user", b64("alice")).replace("%password", b64("secret")));
  }

  @Test
  void authPlainWithTheInitialResponseOnItsOwnLine() {
    run(driver(SETTINGS, SessionDriver.LOOPBACK, TestPolicy.standard()), """
        !greet              => 220
        EHLO client.example => 250
        AUTH PLAIN          => 334
        %right              => 235 2.7.0
        """.replace("%right", plain("alice", "secret")));
  }

  @Test
  void anHttpRequestIsSentAway() {
    run(SessionDriver.standard(), """
        !greet             => 220
        GET / HTTP/1.1     => close 221 2.7.0
        """);
    run(SessionDriver.standard(), """
        !greet              => 220
        EHLO client.example => 250
        POST /form HTTP/1.1 => close 221 2.7.0
        """);
  }

  @Test
  void talkingBeforeTheGreetingEndsTheSession() {
    run(SessionDriver.standard(), """
        EHLO client.example => close 554 5.5.0
        """);
    assertThat(SessionDriver.describe(SessionDriver.standard().session.talkedBeforeGreeting()))
        .isEqualTo("close 554 5.5.0");
  }

  @Test
  void tooManyErrorsEndTheSession() {
    run(driver(new SessionSettings("mx.example.com", 3, 100, true, 1000), SessionDriver.REMOTE, TestPolicy.standard()), """
        !greet                    => 220
        FOO                       => 500 5.5.2
        MAIL FROM:<a@example.com> => 503 5.5.1
        {BARE_LF}                 => 500 5.5.2
        BAR                       => close 421 4.7.0
        """);
  }

  @Test
  void junkCommandsPastTheLimitCountAsErrors() {
    run(driver(new SessionSettings("mx.example.com", 2, 3, true, 1000), SessionDriver.REMOTE, TestPolicy.standard()), """
        !greet   => 220
        NOOP     => 250 2.0.0
        RSET     => 250 2.0.0
        VRFY bob => 252 2.5.0
        HELP     => 214 2.0.0
        NOOP     => 250 2.0.0
        NOOP     => close 421 4.7.0
        """);
  }

  @Test
  void aSuccessfulMessageClearsTheErrorCount() {
    run(driver(new SessionSettings("mx.example.com", 2, 100, true, 1000), SessionDriver.REMOTE, TestPolicy.standard()), """
        !greet                    => 220
        FOO                       => 500 5.5.2
        EHLO client.example       => 250
        BAR                       => 500 5.5.2
        MAIL FROM:<a@example.com> => 250 2.1.0
        RCPT TO:<b@example.com>   => 250 2.1.5
        DATA                      => 354
        {DATA}x\\r\\n.\\r\\n      => 250 2.0.0
        FOO                       => 500 5.5.2
        FOO                       => 500 5.5.2
        FOO                       => close 421 4.7.0
        """);
  }

  private static SessionDriver inData(SessionDriver driver) {
    run(driver, """
        !greet                    => 220
        EHLO client.example       => 250
        MAIL FROM:<a@example.com> => 250 2.1.0
        RCPT TO:<b@example.com>   => 250 2.1.5
        DATA                      => 354
        """);
    return driver;
  }

  @Test
  void theEndOfDataIsAnsweredOnlyWhenTheSinkCompletes() {
    SessionDriver driver = SessionDriver.standard();
    CompletableFuture<SmtpReply> held = new CompletableFuture<>();
    driver.sink.answerWith(() -> held);
    Step step = inData(driver).content("x\r\n.\r\n");
    assertThat(step).isInstanceOf(Step.Await.class);
    assertThat(((Step.Await) step).until().isDone()).isFalse();
    assertThat(driver.sink.received()).hasSize(1);
    held.complete(SmtpReply.of(250, "2.0.0", "Ok: queued as 1"));
    Step reply = driver.session.resume();
    assertThat(SessionDriver.reply(reply).lines()).containsExactly("Ok: queued as 1");
    run(driver, "MAIL FROM:<a@example.com> => 250 2.1.0");
  }

  @Test
  void aFailedSinkIs451NeverA5xx() {
    SessionDriver driver = SessionDriver.standard();
    CompletableFuture<SmtpReply> held = new CompletableFuture<>();
    driver.sink.answerWith(() -> held);
    Step step = inData(driver).content("x\r\n.\r\n");
    held.completeExceptionally(new java.io.IOException("disk full"));
    assertThat(((Step.Await) step).until().isDone()).isTrue();
    assertThat(SessionDriver.describe(driver.session.resume())).isEqualTo("451 4.3.0");
  }

  @Test
  void aSinkThatThrowsIs451Too() {
    SessionDriver driver = SessionDriver.standard();
    driver.sink.answerWith(() -> {
      throw new IllegalStateException("spool closed");
    });
    assertThat(SessionDriver.describe(inData(driver).content("x\r\n.\r\n"))).isEqualTo("451 4.3.0");
  }

  private static String received(int count, String by) {
    return ("Received: from relay.example.org (relay.example.org [192.0.2.7])\\r\\n by " + by
        + " (Sluice) with ESMTP id 1;\\r\\n Tue, 1 Dec 2026 10:00:00 +0000\\r\\n").repeat(count);
  }

  private static String data(String header) {
    return "{DATA}" + header + "Subject: loop\\r\\n\\r\\nbody\\r\\n.\\r\\n";
  }

  @Test
  void receivedHeadersPastMaxHopCountOrMaxLocalHopCountAre554AndNothingIsStored() {
    SessionDriver driver = SessionDriver.standard();
    String transaction = """
        MAIL FROM:<a@example.com>  => 250 2.1.0
        RCPT TO:<b@example.com>    => 250 2.1.5
        DATA                       => 354
        """;
    run(driver, "!greet => 220\nEHLO client.example => 250\n"
        + transaction + data(received(31, "mx.example.org")) + " => 554 5.4.0\n"
        // Local hops: Received fields by this organization's servers, in any case, a "by" in a comment not one.
        + transaction + data(received(9, "HUB.example.com") + received(5, "mx.example.org")) + " => 554 5.4.0\n"
        + transaction + data("Received: (by mx.example.com) from x by mx.example.org; date\\r\\n"
            .repeat(9)) + " => 250 2.0.0\n"
        + transaction + data(received(8, "mx.example.com") + received(22, "mx.example.org")) + " => 250 2.0.0\n"
        + transaction + data(received(30, "mx.example.org")) + " => 250 2.0.0\n"
        // The same limits after a refusal: a refused message is no protocol error.
        + transaction + data("X-Big: x\\r\\n" + (" " + "a".repeat(100) + "\\r\\n").repeat(80)) + " => 552 5.3.4\n"
        + transaction + data("") + " => 250 2.0.0\n");
    assertThat(driver.sink.received()).hasSize(4);
    assertThat(driver.sink.received().get(2).text()).startsWith("Received:").contains("Subject: loop");
  }

  @Test
  void theHopCountRefusalSaysWhatWasCounted() {
    SessionDriver driver = SessionDriver.standard();
    Step step = inData(driver).content(SessionDriver.unescape(received(31, "mx.example.org")) + "\r\nbody\r\n.\r\n");
    assertThat(SessionDriver.reply(step).lines().get(0)).startsWith("Too many hops: ").contains("31 Received headers")
        .contains("MaxHopCount of 30");
  }

  @Test
  void aHeaderLineWithoutAColonIsStoredAsSentNotRepaired() {
    // Catalogue row 33: a transport keeps what it cannot parse; only the header block's size is bounded.
    SessionDriver driver = inData(SessionDriver.standard());
    assertThat(SessionDriver.describe(driver.content("no colon on this line\r\nSubject: x\r\n\r\nbody\r\n.\r\n")))
        .isEqualTo("250 2.0.0");
    assertThat(driver.sink.received().get(0).text()).isEqualTo("no colon on this line\r\nSubject: x\r\n\r\nbody\r\n");
  }

  @Test
  void aHeaderBlockEndsAtTheFirstEmptyLine() {
    assertThat(new dev.sluice.node.smtp.codec.MessageContent("A: 1\r\nB: 2\r\n\r\nReceived: x\r\n"
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII), false).headerBlock())
        .asString(java.nio.charset.StandardCharsets.US_ASCII).isEqualTo("A: 1\r\nB: 2\r\n");
    assertThat(new dev.sluice.node.smtp.codec.MessageContent("\r\nbody\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        false).headerBlock()).isEmpty();
  }
}
