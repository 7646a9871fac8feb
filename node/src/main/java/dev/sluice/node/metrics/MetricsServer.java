package dev.sluice.node.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The node's HTTP endpoint on {@code metrics.listen}: {@code GET /metrics} (Prometheus text),
 * {@code GET /health} (JSON, {@link Health}) and {@code GET /ready} (200 when the node accepts mail,
 * 503 otherwise).
 *
 * <p>Thread-safe. Served by the JDK's HTTP server on two named threads, so a slow scraper never touches
 * an SMTP event loop; only GET is answered (405 otherwise). A supplier that throws gives a 500 with its
 * message, never a dead endpoint.
 */
public final class MetricsServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts serving on {@code address} (port 0 picks a free one). */
  public static MetricsServer start(InetSocketAddress address, NodeMetrics metrics, Supplier<Health> health,
      BooleanSupplier ready) throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "sluice-metrics-http-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", exchange -> answer(exchange, () ->
        new Response(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape())));
    server.createContext("/health", exchange -> answer(exchange, () -> {
      Health h = health.get();
      return new Response(h.status() == Health.Status.DOWN ? 503 : 200, "application/json",
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(h));
    }));
    server.createContext("/ready", exchange -> answer(exchange, () -> ready.getAsBoolean()
        ? new Response(200, "text/plain; charset=utf-8", "ready\n")
        : new Response(503, "text/plain; charset=utf-8", "not ready\n")));
    server.start();
    return new MetricsServer(server, executor);
  }

  /** Where it listens (the port chosen when 0 was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private record Response(int status, String contentType, String body) {}

  @FunctionalInterface
  private interface Handler {
    Response handle() throws Exception;
  }

  private static void answer(HttpExchange exchange, Handler handler) throws IOException {
    try (exchange) {
      Response response;
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().add("Allow", "GET, HEAD");
        response = new Response(405, "text/plain; charset=utf-8", "only GET\n");
      } else if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
        response = new Response(404, "text/plain; charset=utf-8", "not found\n");
      } else {
        try {
          response = handler.handle();
        } catch (Exception e) {
          response = new Response(500, "text/plain; charset=utf-8", "error: " + e.getMessage() + "\n");
        }
      }
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", response.contentType());
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(response.status(), head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
