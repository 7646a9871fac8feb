package dev.sluice.node.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.node.smtp.client.SmtpClient.Message;
import dev.sluice.node.smtp.client.SmtpClient.Reply;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against raw servers on 127.0.0.8 that break the protocol in the ways the sending rows of the
 * reliability catalogue list (rows 50 to 54): replies that are too long, endless, of mixed codes or not
 * replies at all; a close after the end of data; a 554 or 421 greeting; bytes pushed behind the 220 to
 * STARTTLS; STARTTLS refused or stalled under RequireTLS. Each ends in a 4xx for every recipient, never a
 * hang, and never a 2xx or 5xx the server did not clearly give.
 */
class MisbehavingServerIT {
  private static final byte[] CONTENT = "Subject: t\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

  private final MultiThreadIoEventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final AtomicInteger active = new AtomicInteger();
  private final List<ScriptedServer> servers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (ScriptedServer s : servers) {
      s.close();
    }
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private ScriptedServer server(ScriptedServer.Script script) throws Exception {
    ScriptedServer server = new ScriptedServer("127.0.0.8", script);
    servers.add(server);
    return server;
  }

  private ScriptedServer answering(ScriptedServer.Answers answers) throws Exception {
    return server(peer -> peer.serve(List.of(), answers));
  }

  private SmtpClient client(SmtpClient.Tls tls) {
    return new SmtpClient(loops, SmtpClientSettings.defaults("Outbound", "hub1.sluice.test")
        .withReplyTimeout(Duration.ofSeconds(2)).withTls(tls), Optional.empty(), active::addAndGet);
  }

  private Reply send(ScriptedServer server, SmtpClient.Tls tls) throws Exception {
    return client(tls).send(server.address(), new Message("s@sluice.test", List.of("a@example.com"), CONTENT))
        .get(30, TimeUnit.SECONDS).get("a@example.com");
  }

  private Reply send(ScriptedServer server) throws Exception {
    return send(server, SmtpClient.Tls.NONE);
  }

  private static void isConnectionFailure(Reply reply, String why) {
    assertThat(reply.code()).isEqualTo(421);
    assertThat(reply.text()).startsWith("4.4.2").contains(why);
  }

  @Test
  void aReplyLineOverTheLimitEndsTheSessionWithA4xxButALongerThanRfcOneIsRead() throws Exception {
    ScriptedServer huge = answering(line -> line.startsWith("MAIL") ? "250 " + "x".repeat(5000) : null);
    ScriptedServer longish = answering(line -> line.startsWith("MAIL") ? "250 2.1.0 " + "y".repeat(1000) : null);

    isConnectionFailure(send(huge), "longer than 2048 octets");
    assertThat(huge.commands()).noneMatch(c -> c.startsWith("RCPT") || c.startsWith("DATA"));
    assertThat(send(longish).code()).isEqualTo(250);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(active).hasValue(0));
  }

  @Test
  void endlessContinuationLinesAreCutOffAfterAHundredLinesEvenEmptyOnes() throws Exception {
    ScriptedServer endless = server(peer -> {
      peer.reply("220 endless.test ESMTP");
      peer.readLine();
      // Bounded, but far past the client's limit: it must have given up long before the end.
      for (int i = 0; i < 100_000; i++) {
        peer.reply(i % 2 == 0 ? "250-" : "250-more of the same");
      }
    });

    isConnectionFailure(send(endless), "more than 100 lines");
    assertThat(endless.commands()).containsExactly("EHLO hub1.sluice.test");
  }

  @Test
  void aMultilineReplyWithMixedCodesIsNeitherItsFirstNorItsLastCode() throws Exception {
    ScriptedServer mixed = server(peer -> peer.serve(List.of(), line -> {
      if (line.startsWith("RCPT")) {
        return "550-5.1.1 no such user\r\n250 2.1.5 ok";
      }
      return null;
    }));

    isConnectionFailure(send(mixed), "mixed codes (550 then 250)");
    assertThat(mixed.commands()).noneMatch(c -> c.equals("DATA"));
  }

  @Test
  void aNonNumericReplyOrACodeOutsideTwoToFiveHundredIsNoReply() throws Exception {
    ScriptedServer words = answering(line -> line.startsWith("MAIL") ? "OK fine" : null);
    ScriptedServer odd = answering(line -> line.startsWith("RCPT") ? "999 9.9.9 whatever" : null);
    ScriptedServer glued = answering(line -> line.startsWith("RCPT") ? "250ok" : null);

    isConnectionFailure(send(words), "no SMTP reply: \"OK fine\"");
    isConnectionFailure(send(odd), "no SMTP reply");
    isConnectionFailure(send(glued), "no SMTP reply");
  }

  @Test
  void aServerThatClosesAfterTheEndOfDataWithoutAReplyDefers() throws Exception {
    ScriptedServer closing = answering(line -> line.equals(".") ? "CLOSE" : null);

    Reply reply = send(closing);

    isConnectionFailure(reply, "was closed");
    assertThat(closing.lines()).contains("body", ".");
  }

  @Test
  void a554Or421GreetingGetsQuitAndNoEnvelopeAndIsAFailureOfTheHost() throws Exception {
    ScriptedServer refusing = server(peer -> {
      peer.reply("554 5.7.1 no SMTP service here");
      peer.serveCommands(List.of(), line -> null);
    });
    ScriptedServer busy = server(peer -> {
      peer.reply("421 4.3.2 too busy, try later");
      peer.serveCommands(List.of(), line -> null);
    });

    Reply refused = send(refusing);
    Reply deferred = send(busy);

    assertThat(refused.code()).isEqualTo(421);
    assertThat(refused.text()).startsWith("4.4.0").contains("greeted with 554 5.7.1 no SMTP service here");
    assertThat(deferred).isEqualTo(new Reply(421, "4.3.2 too busy, try later"));
    // The reply is decided before the QUIT reaches the server: wait for the server to have read it.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(refusing.commands()).containsExactly("QUIT"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(busy.commands()).containsExactly("QUIT"));
  }

  private static SSLContext serverTls(TestPki pki) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(pki.server.toKeyManagerFactory().getKeyManagers(), null, null);
    return context;
  }

  @Test
  void whatTheServerSendsBehindItsStartTls220IsDiscardedNotReadInsideTls() throws Exception {
    TestPki pki = new TestPki();
    SSLContext tls = serverTls(pki);
    List<String> insideTls = new java.util.concurrent.CopyOnWriteArrayList<>();
    ScriptedServer injecting = server(peer -> {
      peer.reply("220 injecting.test ESMTP");
      peer.readLine();
      peer.reply("250-injecting.test", "250 STARTTLS");
      peer.readLine();
      // The 220 and, in the same packet, a whole EHLO reply and the start of another, all in clear.
      peer.write("220 2.0.0 go ahead\r\n250-injected.test\r\n250 AUTH PLAIN\r\n550 5.7.1 half");
      ScriptedServer.Peer secure = peer.startTls(tls);
      secure.serveCommands(List.of("SIZE 1000000"), line -> {
        insideTls.add(line);
        return null;
      });
    });
    SmtpClient.Tls require = new SmtpClient.Tls(Optional.of(pki.clientContext(false)), true, false, Optional.empty());

    Reply reply = send(injecting, require);

    assertThat(reply.code()).isEqualTo(250);
    assertThat(insideTls).startsWith("EHLO hub1.sluice.test");
    assertThat(insideTls).anyMatch(l -> l.startsWith("MAIL FROM:<s@sluice.test> SIZE="));
  }

  @Test
  void underRequireTlsARefusedOrStalledStartTlsDefersAndNothingGoesInClear() throws Exception {
    TestPki pki = new TestPki();
    SmtpClient.Tls require = new SmtpClient.Tls(Optional.of(pki.clientContext(false)), true, false, Optional.empty());
    ScriptedServer refusing = server(peer -> peer.serve(List.of("STARTTLS"),
        line -> line.equals("STARTTLS") ? "454 4.7.0 TLS not available" : null));
    ScriptedServer stalling = server(peer -> {
      peer.reply("220 stalling.test ESMTP");
      peer.readLine();
      peer.reply("250-stalling.test", "250 STARTTLS");
      peer.readLine();
      // 220, then no handshake at all: the client's handshake timeout ends it.
      peer.reply("220 2.0.0 go ahead");
      peer.readBytes(1 << 20);
    });

    Reply refused = send(refusing, require);
    Reply stalled = send(stalling, require);

    assertThat(refused.code()).isEqualTo(451);
    assertThat(refused.text()).startsWith("4.7.10").contains("454 4.7.0 TLS not available");
    assertThat(stalled.code()).isEqualTo(451);
    assertThat(stalled.text()).startsWith("4.7.5");
    assertThat(refusing.commands()).noneMatch(c -> c.startsWith("MAIL"));
    assertThat(stalling.commands()).noneMatch(c -> c.startsWith("MAIL"));
  }
}
