package dev.sluice.node.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.directory.secrets.ClusterKey;
import dev.sluice.node.config.HostPort;
import dev.sluice.node.delivery.queue.MessageInfo;
import dev.sluice.node.delivery.queue.QueueInfo;
import dev.sluice.node.delivery.queue.QueueStatus;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin endpoint over an in-memory QueueAdmin, through AdminClient and through raw HTTP requests. */
class AdminServerTest {
  private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ClusterKey key = ClusterKey.generate(new SecureRandom());
  private final InMemoryQueueAdmin queues = InMemoryQueueAdmin.of("HUB1");
  private final HttpClient http = HttpClient.newHttpClient();
  private AdminServer server;
  private AdminClient client;

  @BeforeEach
  void start() throws Exception {
    server = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), queues, key, CLOCK);
    client = client(key, CLOCK);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void listsQueuesAndMessagesAsTheQueueAdminHasThem() throws Exception {
    assertThat(client.queues()).isEqualTo(queues.queues());
    assertThat(client.queue("hub1\\3")).isEqualTo(queues.queues().get(0));
    assertThat(client.messages(Optional.empty())).isEqualTo(queues.messages(Optional.empty()));
    List<MessageInfo> inQueue = client.messages(Optional.of("HUB1\\Unreachable"));
    assertThat(inQueue).extracting(MessageInfo::identity).containsExactly("HUB1\\Unreachable\\18");
    assertThat(inQueue.get(0).sender()).isEmpty();
  }

  @Test
  void writesExchangeSpellingsIsoTimesAndNulls() throws Exception {
    HttpResponse<String> response = send("GET", "/queues", key, NOW);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode queue = QueueJson.mapper().readTree(response.body()).get(0);
    assertThat(queue.get("identity").asText()).isEqualTo("HUB1\\3");
    assertThat(queue.get("status").asText()).isEqualTo("Retry");
    assertThat(queue.get("nextRetryTime").asText()).isEqualTo("2026-05-01T10:05:00Z");
    JsonNode unreachable = QueueJson.mapper().readTree(response.body()).get(1);
    assertThat(unreachable.get("nextRetryTime").isNull()).isTrue();
    assertThat(unreachable.get("lastError").isNull()).isTrue();
    JsonNode message = QueueJson.mapper().readTree(send("GET", "/messages", key, NOW).body()).get(0);
    assertThat(message.get("fromAddress").asText()).isEqualTo("kim@fabrikam.com");
    assertThat(message.get("receivedAt").asText()).isEqualTo("2026-05-01T09:58:00Z");
  }

  @Test
  void suspendsResumesAndRetriesAQueueWhoseIdentityHasABackslash() throws Exception {
    assertThat(client.suspend("HUB1\\3").status()).isEqualTo(QueueStatus.SUSPENDED);
    assertThat(client.queue("HUB1\\3").status()).isEqualTo(QueueStatus.SUSPENDED);
    assertThat(client.resume("HUB1\\3").status()).isEqualTo(QueueStatus.RETRY);
    QueueInfo retried = client.retry("HUB1\\3");
    assertThat(retried.status()).isEqualTo(QueueStatus.READY);
    assertThat(retried.nextRetryTime()).isEmpty();
    assertThat(queues.calls()).containsExactly("suspend HUB1\\3", "resume HUB1\\3", "retry HUB1\\3");

    HttpResponse<String> raw = send("POST", "/queues/HUB1%5CUnreachable/suspend", key, NOW);
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(QueueJson.readQueue(QueueJson.mapper().readTree(raw.body())).identity()).isEqualTo("HUB1\\Unreachable");
    assertThat(queues.calls()).last().isEqualTo("suspend HUB1\\Unreachable");
  }

  @Test
  void anUnknownQueueIs404SayingWhatToDo() throws Exception {
    HttpResponse<String> response = send("POST", "/queues/HUB1%5C9/suspend", key, NOW);
    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode error = QueueJson.mapper().readTree(response.body());
    assertThat(error.get("status").asInt()).isEqualTo(404);
    assertThat(error.get("error").asText()).contains("no queue HUB1\\9").contains("get-queue");

    AdminException e = catchThrowableOfType(AdminException.class, () -> client.messages(Optional.of("HUB1\\9")));
    assertThat(e.kind()).isEqualTo(AdminException.Kind.NOT_FOUND);
    assertThat(e.getMessage()).contains("no queue HUB1\\9");
    assertThat(send("GET", "/queues/HUB1%5C3/nothing", key, NOW).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/", key, NOW).statusCode()).isEqualTo(404);
    assertThat(queues.calls()).isEmpty();
  }

  @Test
  void anotherMethodIs405NamingTheAllowedOne() throws Exception {
    HttpResponse<String> get = send("GET", "/queues/HUB1%5C3/suspend", key, NOW);
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");
    HttpResponse<String> post = send("POST", "/queues", key, NOW);
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET");
    assertThat(send("DELETE", "/queues/HUB1%5C3", key, NOW).statusCode()).isEqualTo(405);
    assertThat(queues.calls()).isEmpty();
  }

  @Test
  void anUnsignedRequestIs401() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/queues/HUB1%5C3/suspend"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Sluice-HMAC");
    assertThat(QueueJson.mapper().readTree(response.body()).get("error").asText())
        .contains("not signed").contains("--cluster-key-file");
    HttpResponse<String> garbled = http.send(HttpRequest.newBuilder(uri("/queues"))
        .header("X-Sluice-Date", Long.toString(NOW.getEpochSecond())).header("Authorization", "Sluice-HMAC zz").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(garbled.statusCode()).isEqualTo(401);
    assertThat(queues.calls()).isEmpty();
  }

  @Test
  void anotherClusterKeyIs401() {
    AdminClient stranger = client(ClusterKey.generate(new SecureRandom()), CLOCK);
    AdminException e = catchThrowableOfType(AdminException.class, () -> stranger.suspend("HUB1\\3"));
    assertThat(e.kind()).isEqualTo(AdminException.Kind.UNAUTHORIZED);
    assertThat(e.reason()).contains("does not verify").contains("does not match this node's");
    assertThat(queues.calls()).isEmpty();
  }

  @Test
  void aSignatureIsBoundToItsRequest() throws Exception {
    long seconds = NOW.getEpochSecond();
    String forQueues = new RequestSignature(key).authorization("GET", "/queues", seconds);
    HttpResponse<String> replayed = http.send(HttpRequest.newBuilder(uri("/queues/HUB1%5C3/suspend"))
        .POST(HttpRequest.BodyPublishers.noBody()).header("X-Sluice-Date", Long.toString(seconds))
        .header("Authorization", forQueues).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(replayed.statusCode()).isEqualTo(401);
    assertThat(queues.calls()).isEmpty();
  }

  @Test
  void aDateMoreThanFiveMinutesOffIs401() {
    AdminClient late = client(key, Clock.offset(CLOCK, Duration.ofMinutes(-6)));
    AdminException e = catchThrowableOfType(AdminException.class, late::queues);
    assertThat(e.kind()).isEqualTo(AdminException.Kind.UNAUTHORIZED);
    assertThat(e.reason()).contains("more than 5 minutes").contains("NTP");
    AdminClient ahead = client(key, Clock.offset(CLOCK, Duration.ofMinutes(6)));
    assertThat(catchThrowableOfType(AdminException.class, ahead::queues).kind())
        .isEqualTo(AdminException.Kind.UNAUTHORIZED);
    assertThat(client(key, Clock.offset(CLOCK, Duration.ofMinutes(4))).queues()).hasSize(2);
  }

  @Test
  void aQueueAdminThatThrowsIs500WithItsMessage() throws Exception {
    queues.failWith(new IllegalStateException("the queue manager is stopping"));
    HttpResponse<String> response = send("GET", "/queues", key, NOW);
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(QueueJson.mapper().readTree(response.body()).get("error").asText())
        .contains("the queue manager is stopping");
    AdminException e = catchThrowableOfType(AdminException.class, () -> client.resume("HUB1\\3"));
    assertThat(e.kind()).isEqualTo(AdminException.Kind.FAILED);
    assertThat(e.getMessage()).contains("the queue manager is stopping");
  }

  @Test
  void aClosedEndpointIsUnreachableNamingItsAddress() {
    String endpoint = HostPort.parse("127.0.0.1:" + server.address().getPort()).toString();
    server.close();
    server.close();
    AdminException e = catchThrowableOfType(AdminException.class, client::queues);
    assertThat(e.kind()).isEqualTo(AdminException.Kind.UNREACHABLE);
    assertThat(e.getMessage()).contains(endpoint);
    assertThat(e.endpoint()).isEqualTo(endpoint);
  }

  private AdminClient client(ClusterKey with, Clock clock) {
    return new AdminClient(new HostPort("127.0.0.1", server.address().getPort()), with, clock, TIMEOUT);
  }

  private URI uri(String target) {
    return URI.create("http://127.0.0.1:" + server.address().getPort() + target);
  }

  private HttpResponse<String> send(String method, String target, ClusterKey with, Instant at) throws Exception {
    long seconds = at.getEpochSecond();
    return http.send(HttpRequest.newBuilder(uri(target)).method(method, HttpRequest.BodyPublishers.noBody())
        .header(RequestSignature.DATE_HEADER, Long.toString(seconds))
        .header(RequestSignature.AUTHORIZATION_HEADER, new RequestSignature(with).authorization(method, target, seconds))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
