package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.directory.Directory;
import dev.sluice.directory.ObjectKind;
import dev.sluice.node.config.NodeConfig;
import dev.sluice.node.delivery.queue.QueueInfo;
import dev.sluice.node.lifecycle.TransportNode;
import dev.sluice.node.smtp.client.SmtpClient;
import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.AcceptedDomainType;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Mail in and out of the cluster tests' nodes: submitting with the node's SMTP client, reading tracking logs,
 * finding queues, waiting until every node routes with a connector. One event loop per instance; close it.
 */
final class ClusterMail implements AutoCloseable {
  private final MultiThreadIoEventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

  /** Submits one message anonymously to {@code node}; every recipient must be accepted. */
  void submit(TransportNode node, String sender, List<String> recipients, String headers) throws Exception {
    String content = headers + "From: <" + sender + ">\r\nSubject: cluster test\r\n\r\nhello\r\n";
    Map<String, SmtpClient.Reply> replies = new SmtpClient(loops, "client.test", false, Duration.ofSeconds(10))
        .send(node.smtpAddress(), new SmtpClient.Message(sender, recipients, content.getBytes(StandardCharsets.US_ASCII)))
        .get(20, TimeUnit.SECONDS);
    assertThat(replies.values()).as("%s accepts every recipient", node.smtpAddress()).allMatch(SmtpClient.Reply::isSuccess);
  }

  /** The replies to each recipient of one message submitted anonymously to {@code node}, refusals included. */
  Map<String, SmtpClient.Reply> replies(TransportNode node, String sender, List<String> recipients) throws Exception {
    String content = "From: <" + sender + ">\r\nSubject: cluster test\r\n\r\nhello\r\n";
    return new SmtpClient(loops, "client.test", false, Duration.ofSeconds(10))
        .send(node.smtpAddress(), new SmtpClient.Message(sender, recipients, content.getBytes(StandardCharsets.US_ASCII)))
        .get(20, TimeUnit.SECONDS);
  }

  /** Every tracking log line {@code config}'s node has written so far. */
  static String tracking(NodeConfig config) throws IOException {
    if (!Files.isDirectory(config.trackingDir())) {
      return "";
    }
    StringBuilder all = new StringBuilder();
    try (var files = Files.list(config.trackingDir())) {
      for (Path f : files.toList()) {
        all.append(Files.readString(f));
      }
    }
    return all.toString();
  }

  /** The tracking lines of {@code event} (RECEIVE, SEND, DEFER, FAIL...). */
  static List<String> lines(String tracking, String event) {
    return tracking.lines().filter(l -> l.contains("," + event + ",")).toList();
  }

  static Optional<QueueInfo> queue(TransportNode node, String connector) {
    return node.queues().queues().stream().filter(q -> q.connector().equals(connector)).findFirst();
  }

  /** Accepts {@code domain} as InternalRelay (anonymous clients may send to it), unless it is already. */
  static void accept(Directory directory, String domain) {
    if (directory.get(ObjectKind.ACCEPTED_DOMAIN, domain).isEmpty()) {
      directory.create(ObjectKind.ACCEPTED_DOMAIN, new AcceptedDomain(domain, domain, AcceptedDomainType.INTERNAL_RELAY));
    }
  }

  /** Waits until each of {@code nodes} has a snapshot with connector {@code name}. */
  static void awaitConnector(String name, TransportNode... nodes) {
    for (TransportNode node : nodes) {
      await().atMost(Duration.ofSeconds(10)).until(() -> node.directory().snapshot()
          .filter(s -> s.config().sendConnectors().stream().anyMatch(c -> c.name().equals(name))).isPresent());
    }
  }

  /** Waits until {@code node} sees exactly the live members {@code names} (and perhaps others). */
  static void awaitMembers(TransportNode node, String... names) {
    await().atMost(Duration.ofSeconds(20)).until(() -> node.directory().snapshot()
        .filter(s -> List.of(names).stream().allMatch(n -> s.member(n).isPresent())).isPresent());
  }

  @Override
  public void close() {
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
