package dev.sluice.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  private final NodeMetrics metrics = new NodeMetrics();
  private final AtomicReference<Health> health = new AtomicReference<>(
      new Health(Health.Status.UP, "CONNECTED", 1.5, false, 0, 0, "ACCEPTING", List.of(), List.of()));
  private final AtomicBoolean ready = new AtomicBoolean(false);
  private final HttpClient http = HttpClient.newHttpClient();
  private MetricsServer server;

  @BeforeEach
  void start() throws Exception {
    metrics.bindSpool(() -> 7);
    metrics.bindDirectory(() -> 1, () -> 2.5, () -> 1);
    server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), metrics, health::get, ready::get);
  }

  @AfterEach
  void stop() {
    server.close();
    metrics.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsCarryTheNamesDashboardsRelyOn() throws Exception {
    metrics.messageReceived();
    metrics.reply(250);
    metrics.reply(250);
    metrics.reply(550);
    metrics.sessionOpened(NodeMetrics.Direction.INBOUND);
    metrics.spoolSynced(3_000_000);
    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(response.body())
        .contains("sluice_messages_received_total 1.0")
        .contains("sluice_smtp_replies_total{code=\"250\"} 2.0")
        .contains("sluice_smtp_replies_total{code=\"550\"} 1.0")
        .contains("sluice_smtp_sessions_active{direction=\"inbound\"} 1.0")
        .contains("sluice_smtp_sessions_active{direction=\"outbound\"} 0.0")
        .contains("sluice_spool_messages 7.0")
        .contains("sluice_spool_sync_duration_seconds_bucket")
        .contains("sluice_spool_sync_duration_seconds_count 1")
        .contains("sluice_directory_connected 1.0")
        .contains("sluice_directory_snapshot_age_seconds 2.5")
        .contains("sluice_directory_invalid_objects 1.0")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void healthIsJsonAndDownIsA503() throws Exception {
    HttpResponse<String> up = get("/health");
    assertThat(up.statusCode()).isEqualTo(200);
    JsonNode json = new ObjectMapper().readTree(up.body());
    assertThat(json.get("status").asText()).isEqualTo("UP");
    assertThat(json.get("zookeeper").asText()).isEqualTo("CONNECTED");
    assertThat(json.get("spool").asText()).isEqualTo("ACCEPTING");

    health.set(new Health(Health.Status.DOWN, "LOST", 30, true, 0, 0, "FAILED", List.of("the spool cannot write"), List.of()));
    HttpResponse<String> down = get("/health");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(new ObjectMapper().readTree(down.body()).get("problems").get(0).asText()).isEqualTo("the spool cannot write");
  }

  @Test
  void readyFollowsTheNode() throws Exception {
    assertThat(get("/ready").statusCode()).isEqualTo(503);
    ready.set(true);
    assertThat(get("/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void onlyGetOnKnownPaths() throws Exception {
    assertThat(get("/metrics/extra").statusCode()).isEqualTo(404);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }
}
