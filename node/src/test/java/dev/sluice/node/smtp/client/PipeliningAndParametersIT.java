package dev.sluice.node.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.node.smtp.client.SmtpClient.Message;
import dev.sluice.node.smtp.receive.BodyType;
import dev.sluice.node.smtp.receive.RecordingSink;
import dev.sluice.node.smtp.receive.TestPolicy;
import dev.sluice.node.smtp.server.SmtpServer;
import dev.sluice.node.smtp.server.SmtpServerSettings;
import dev.sluice.node.spool.MailParameters.Body;
import dev.sluice.node.spool.MailParameters.Ret;
import dev.sluice.node.spool.Recipient;
import dev.sluice.node.spool.Recipient.Notify;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PIPELINING (RFC 2920) proved by a server that answers nothing before it has read MAIL and every RCPT,
 * and the MAIL and RCPT parameters (BODY, RFC 6152 and 3030; the DSN ones, RFC 3461) as each server's
 * extensions allow.
 */
class PipeliningAndParametersIT {
  private static final byte[] CONTENT = "Subject: caf\u00e9\r\n\r\n8bit: \u00e9\r\n".getBytes(StandardCharsets.UTF_8);

  private final MultiThreadIoEventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final List<AutoCloseable> servers = new ArrayList<>();
  private final SmtpClient client = new SmtpClient(loops,
      SmtpClientSettings.defaults("Outbound", "hub1.sluice.test").withReplyTimeout(Duration.ofSeconds(5)),
      Optional.empty(), n -> { });

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable s : servers) {
      s.close();
    }
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private <T extends AutoCloseable> T keep(T server) {
    servers.add(server);
    return server;
  }

  private SendOutcome send(InetSocketAddress at, Message message) throws Exception {
    return client.open(at).thenCompose(c -> {
      var sent = c.send(message);
      c.close();
      return sent;
    }).get(30, TimeUnit.SECONDS);
  }

  @Test
  void withPipeliningMailAndEveryRcptArriveBeforeAnyReplyAndEachRecipientKeepsItsOwnReply() throws Exception {
    ScriptedServer server = keep(new ScriptedServer("127.0.0.6", peer -> {
      peer.reply("220 scripted.test ESMTP");
      peer.readLine();
      peer.reply("250-scripted.test", "250 PIPELINING");
      // Nothing is answered until the whole group is read: a client that waited for the MAIL reply would
      // leave this read to time out.
      List<String> group = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        group.add(peer.readLine());
      }
      peer.reply("250 2.1.0 sender ok", "250 2.1.5 a ok", "550 5.1.1 no such user b", "452 4.2.2 c is over quota");
      peer.serveCommands(List.of(), line -> null);
    }));

    SendOutcome outcome = send(server.address(), new Message("s@sluice.test",
        List.of("a@example.com", "b@example.com", "c@example.com"), CONTENT));

    assertThat(server.failures()).isEmpty();
    assertThat(outcome.replies().get("a@example.com").code()).isEqualTo(250);
    assertThat(outcome.replies().get("b@example.com").code()).isEqualTo(550);
    assertThat(outcome.replies().get("c@example.com").code()).isEqualTo(452);
    assertThat(outcome.endOfData()).isPresent();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.commands())
        .extracting(c -> c.split(" ")[0]).containsExactly("EHLO", "MAIL", "RCPT", "RCPT", "RCPT", "DATA", "QUIT"));
  }

  @Test
  void aRefusedMailInAPipelinedGroupDecidesEveryRecipientWithItsReply() throws Exception {
    ScriptedServer server = keep(new ScriptedServer("127.0.0.6", peer -> peer.serve(List.of("PIPELINING"),
        line -> line.startsWith("MAIL") ? "550 5.7.1 sender refused"
            : line.startsWith("RCPT") ? "503 5.5.1 need MAIL first" : null)));

    SendOutcome outcome = send(server.address(), new Message("s@sluice.test",
        List.of("a@example.com", "b@example.com"), CONTENT));

    assertThat(outcome.replies().values()).allSatisfy(r -> assertThat(r.text()).isEqualTo("5.7.1 sender refused"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.commands())
        .extracting(c -> c.split(" ")[0]).as("no RSET: a refused MAIL leaves no transaction")
        .containsExactly("EHLO", "MAIL", "RCPT", "RCPT", "QUIT"));
  }

  @Test
  void bodyAndDsnParametersGoOnWhenOfferedAndTheMessageGoesAnywayWhenNot() throws Exception {
    ScriptedServer offering = keep(new ScriptedServer("127.0.0.6",
        peer -> peer.serve(List.of("8BITMIME", "DSN", "PIPELINING"), line -> null)));
    ScriptedServer bare = keep(new ScriptedServer("127.0.0.6", peer -> peer.serve(List.of(), line -> null)));
    Message message = new Message("s@sluice.test", List.of(
        new Recipient("a@example.com", Set.of(Notify.FAILURE, Notify.SUCCESS), Optional.of("rfc822;orig@example.com")),
        Recipient.of("b@example.com")), CONTENT, Body.EIGHT_BIT_MIME, Optional.of("QQ314159"), Optional.of(Ret.HDRS));

    SendOutcome passed = send(offering.address(), message);
    SendOutcome plain = send(bare.address(), message);

    assertThat(offering.commands()).contains("MAIL FROM:<s@sluice.test> BODY=8BITMIME RET=HDRS ENVID=QQ314159",
        "RCPT TO:<a@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;orig@example.com", "RCPT TO:<b@example.com>");
    assertThat(passed.dsnPassed()).isTrue();
    assertThat(bare.commands()).contains("MAIL FROM:<s@sluice.test>", "RCPT TO:<a@example.com>");
    assertThat(plain.dsnPassed()).isFalse();
    assertThat(plain.replies().values()).as("8bit goes even without 8BITMIME")
        .allSatisfy(r -> assertThat(r.code()).isEqualTo(250));
  }

  @Test
  void aBinaryBodyIsNotSentToAServerWithoutBinaryMime() throws Exception {
    ScriptedServer server = keep(new ScriptedServer("127.0.0.6",
        peer -> peer.serve(List.of("8BITMIME", "CHUNKING"), line -> null)));

    SendOutcome outcome = send(server.address(), new Message("s@sluice.test", List.of(Recipient.of("a@example.com")),
        new byte[] {0, 1, 2, '\r'}, Body.BINARY_MIME, Optional.empty(), Optional.empty()));

    assertThat(outcome.replies().get("a@example.com").code()).isEqualTo(554);
    assertThat(outcome.replies().get("a@example.com").text()).startsWith("5.6.3");
    assertThat(server.commands()).noneMatch(c -> c.startsWith("MAIL"));
  }

  @Test
  void theNodesOwnServerReceivesAnEightBitBodyAsDeclared() throws Exception {
    RecordingSink sink = new RecordingSink();
    SmtpServer node = keep(new SmtpServer(SmtpServerSettings.defaults("mx.example.com"), Optional.empty(),
        connection -> TestPolicy.standard(), sink));
    InetSocketAddress at = node.start(List.of(new InetSocketAddress("127.0.0.6", 0))).get(0);

    SendOutcome outcome = send(at, new Message("s@sluice.test", List.of(Recipient.of("a@example.com")), CONTENT,
        Body.EIGHT_BIT_MIME, Optional.empty(), Optional.empty()));

    assertThat(outcome.replies().get("a@example.com").code()).isEqualTo(250);
    assertThat(sink.received().get(0).envelope().body()).isEqualTo(BodyType.EIGHT_BIT_MIME);
    assertThat(sink.received().get(0).content().toByteArray()).isEqualTo(CONTENT);
  }
}
