package dev.sluice.node.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.node.smtp.client.SmtpClient.Message;
import dev.sluice.node.smtp.client.SmtpClient.Reply;
import dev.sluice.node.smtp.receive.RecordingSink;
import dev.sluice.node.smtp.receive.TestPolicy;
import dev.sluice.node.smtp.server.SmtpServer;
import dev.sluice.node.smtp.server.SmtpServerSettings;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connections that carry several messages: against the node's own SMTP server on 127.0.0.6, and against
 * scripted servers that show which commands came (RSET only after a failed transaction, QUIT at the
 * message limit and when idle) and that misbehave (close, fall silent, talk nonsense).
 */
class SmtpConnectionIT {
  private static final byte[] CONTENT = "Subject: reuse\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

  private final RecordingSink sink = new RecordingSink();
  private final MultiThreadIoEventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final AtomicInteger active = new AtomicInteger();
  private final List<AutoCloseable> servers = new ArrayList<>();

  private SmtpClient client(SmtpClientSettings settings) {
    return new SmtpClient(loops, settings, Optional.empty(), active::addAndGet);
  }

  private static SmtpClientSettings settings() {
    return SmtpClientSettings.defaults("Outbound", "hub1.sluice.test").withReplyTimeout(Duration.ofSeconds(10));
  }

  private InetSocketAddress nodeServer() throws Exception {
    SmtpServer server = new SmtpServer(SmtpServerSettings.defaults("mx.example.com"), Optional.empty(),
        connection -> TestPolicy.standard(), sink);
    servers.add(server);
    return server.start(List.of(new InetSocketAddress("127.0.0.6", 0))).get(0);
  }

  private ScriptedServer scripted(List<String> extensions, ScriptedServer.Answers answers) throws Exception {
    ScriptedServer server = new ScriptedServer("127.0.0.6", peer -> peer.serve(extensions, answers));
    servers.add(server);
    return server;
  }

  private static Message to(String... recipients) {
    return new Message("s@sluice.test", List.of(recipients), CONTENT);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable s : servers) {
      s.close();
    }
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  @Test
  void severalMessagesGoOverOneConnectionAndTheEndOfDataReplyAndBothEndsAreReported() throws Exception {
    InetSocketAddress at = nodeServer();
    SmtpConnection connection = client(settings()).open(at).get(30, TimeUnit.SECONDS);
    assertThat(connection.failure()).isEmpty();
    assertThat(active).hasValue(1);

    List<SendOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      assertThat(connection.reusable()).isTrue();
      outcomes.add(connection.send(to("a" + i + "@example.com")).get(30, TimeUnit.SECONDS));
    }
    connection.close();
    connection.closed().get(30, TimeUnit.SECONDS);

    assertThat(outcomes).allSatisfy(o -> {
      assertThat(o.replies().values()).allSatisfy(r -> assertThat(r.code()).isEqualTo(250));
      assertThat(o.endOfData()).map(Reply::text).hasValueSatisfying(t -> assertThat(t).contains("queued"));
      assertThat(o.server()).isEqualTo(at);
      assertThat(o.local()).isEqualTo(connection.local());
    });
    assertThat(sink.received()).hasSize(3);
    assertThat(sink.received()).extracting(r -> r.envelope().session().connection().remote())
        .as("one connection: one client port").containsOnly(connection.local().orElseThrow());
    assertThat(active).hasValue(0);
    assertThat(connection.reusable()).isFalse();
  }

  @Test
  void rsetFollowsAFailedTransactionOnlyAndMailFollowsACompletedOneAtOnce() throws Exception {
    ScriptedServer server = scripted(List.of("SIZE 100000"),
        line -> line.startsWith("RCPT TO:<nobody@") ? "550 5.1.1 no such user" : null);
    SmtpConnection connection = client(settings()).open(server.address()).get(30, TimeUnit.SECONDS);

    SendOutcome refused = connection.send(to("nobody@example.com")).get(30, TimeUnit.SECONDS);
    SendOutcome first = connection.send(to("a@example.com")).get(30, TimeUnit.SECONDS);
    SendOutcome second = connection.send(to("b@example.com")).get(30, TimeUnit.SECONDS);
    connection.close();
    connection.closed().get(30, TimeUnit.SECONDS);

    assertThat(refused.replies().get("nobody@example.com").code()).isEqualTo(550);
    assertThat(refused.endOfData()).isEmpty();
    assertThat(first.endOfData()).map(Reply::text).hasValue("2.0.0 Ok: queued as SCRIPTED1");
    assertThat(second.replies().get("b@example.com").code()).isEqualTo(250);
    assertThat(server.commands()).extracting(c -> c.split(" ")[0]).containsExactly(
        "EHLO", "MAIL", "RCPT", "RSET", "MAIL", "RCPT", "DATA", "MAIL", "RCPT", "DATA", "QUIT");
    assertThat(server.connections()).isEqualTo(1);
  }

  @Test
  void afterSmtpMaxMessagesPerConnectionTheConnectionQuitsByItself() throws Exception {
    ScriptedServer server = scripted(List.of("CHUNKING"), line -> null);
    SmtpConnection connection = client(settings().withMaxMessagesPerConnection(2)).open(server.address())
        .get(30, TimeUnit.SECONDS);

    connection.send(to("a@example.com")).get(30, TimeUnit.SECONDS);
    assertThat(connection.reusable()).isTrue();
    CompletableFuture<SendOutcome> second = connection.send(to("b@example.com"));
    assertThat(connection.reusable()).as("the limit is reached once the second is given").isFalse();
    SendOutcome third = connection.send(to("c@example.com")).get(30, TimeUnit.SECONDS);

    assertThat(second.get(30, TimeUnit.SECONDS).replies().get("b@example.com").code()).isEqualTo(250);
    assertThat(third.replies().get("c@example.com").code()).isEqualTo(421);
    connection.closed().get(30, TimeUnit.SECONDS);
    assertThat(server.commands()).last().isEqualTo("QUIT");
    assertThat(server.commands()).filteredOn(c -> c.startsWith("MAIL")).hasSize(2);
    assertThat(active).hasValue(0);
  }

  @Test
  void anIdleConnectionQuitsAfterTheInactivityTimeout() throws Exception {
    ScriptedServer server = scripted(List.of(), line -> null);
    SmtpConnection connection = client(settings().withInactivityTimeout(Duration.ofMillis(300)))
        .open(server.address()).get(30, TimeUnit.SECONDS);
    connection.send(to("a@example.com")).get(30, TimeUnit.SECONDS);

    connection.closed().get(30, TimeUnit.SECONDS);

    assertThat(server.commands()).last().isEqualTo("QUIT");
    assertThat(connection.reusable()).isFalse();
    assertThat(connection.send(to("b@example.com")).get(30, TimeUnit.SECONDS).replies().get("b@example.com").code())
        .isEqualTo(421);
  }

  @Test
  void aConnectionTheServerClosedSaysItIsNotReusableAndAnswersWith421() throws Exception {
    ScriptedServer dropping = scripted(List.of(), line -> line.startsWith("MAIL FROM:<second@") ? "CLOSE" : null);
    SmtpConnection connection = client(settings()).open(dropping.address()).get(30, TimeUnit.SECONDS);
    assertThat(connection.send(to("a@example.com")).get(30, TimeUnit.SECONDS).replies().get("a@example.com")
        .code()).isEqualTo(250);

    SendOutcome dropped = connection.send(new Message("second@sluice.test", List.of("x@example.com", "y@example.com"),
        CONTENT)).get(30, TimeUnit.SECONDS);

    assertThat(dropped.replies().values()).allSatisfy(r -> assertThat(r.code()).isEqualTo(421));
    await().atMost(Duration.ofSeconds(10)).until(() -> !connection.reusable());
    assertThat(connection.failure()).isPresent();
    assertThat(active).hasValue(0);
    assertThat(connection.send(to("b@example.com")).get(30, TimeUnit.SECONDS).replies().get("b@example.com").code())
        .isEqualTo(421);
    assertThat(dropping.connections()).isEqualTo(1);
  }

  @Test
  void aServerThatFallsSilentOrTalksNonsenseDefersEveryRecipient() throws Exception {
    ScriptedServer silent = scripted(List.of(), line -> line.startsWith("RCPT") ? "" : null);
    ScriptedServer nonsense = scripted(List.of(), line -> line.startsWith("MAIL") ? "hello there, friend" : null);
    SmtpClient impatient = client(settings().withReplyTimeout(Duration.ofMillis(500)));

    SendOutcome timedOut = impatient.open(silent.address()).get(30, TimeUnit.SECONDS)
        .send(to("a@example.com", "b@example.com")).get(30, TimeUnit.SECONDS);
    SendOutcome garbled = impatient.open(nonsense.address()).get(30, TimeUnit.SECONDS)
        .send(to("a@example.com")).get(30, TimeUnit.SECONDS);

    assertThat(timedOut.replies().values()).allSatisfy(r -> {
      assertThat(r.code()).isEqualTo(421);
      assertThat(r.text()).contains("no reply");
    });
    assertThat(garbled.replies().get("a@example.com").code()).isEqualTo(421);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(active).hasValue(0));
  }

  @Test
  void theClientConnectsFromTheSourceAddressGiven() throws Exception {
    InetSocketAddress at = nodeServer();
    SmtpClient bound = client(settings().withSourceAddress(Optional.of(InetAddress.getByName("127.0.0.7"))));
    SmtpClient any = client(settings().withSourceAddress(Optional.of(InetAddress.getByName("0.0.0.0"))));

    SendOutcome outcome = bound.open(at).thenCompose(c -> c.send(to("a@example.com"))).get(30, TimeUnit.SECONDS);
    assertThat(any.settings().sourceAddress()).as("0.0.0.0 is any address").isEmpty();

    assertThat(outcome.replies().get("a@example.com").code()).isEqualTo(250);
    assertThat(outcome.local().orElseThrow().getAddress().getHostAddress()).isEqualTo("127.0.0.7");
    assertThat(sink.received().get(0).envelope().session().connection().remote().getAddress().getHostAddress())
        .isEqualTo("127.0.0.7");
  }

  @Test
  void theActiveConnectionCountFollowsOpenAndClose() throws Exception {
    InetSocketAddress at = nodeServer();
    SmtpClient c = client(settings());

    SmtpConnection one = c.open(at).get(30, TimeUnit.SECONDS);
    SmtpConnection two = c.open(at).get(30, TimeUnit.SECONDS);
    assertThat(active).hasValue(2);
    one.close();
    one.closed().get(30, TimeUnit.SECONDS);
    assertThat(active).hasValue(1);
    two.close();
    two.closed().get(30, TimeUnit.SECONDS);
    assertThat(active).hasValue(0);
  }
}
