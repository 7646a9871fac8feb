package dev.sluice.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.directory.secrets.ClusterKey;
import dev.sluice.node.delivery.queue.QueueAdmin;
import dev.sluice.node.delivery.queue.QueueAdmin.UnknownQueueException;
import dev.sluice.node.delivery.queue.QueueInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's admin endpoint on {@code admin.listen}: its queues and their messages as JSON ({@link QueueJson}),
 * and the operator's verbs on a queue, over {@link QueueAdmin}.
 *
 * <pre>
 * GET  /queues                       every queue
 * GET  /queues/{identity}            one queue
 * GET  /queues/{identity}/messages   the messages of one queue
 * GET  /messages                     the messages of every queue
 * POST /queues/{identity}/retry      Retry-Queue; answers the queue as it is then
 * POST /queues/{identity}/suspend    Suspend-Queue
 * POST /queues/{identity}/resume     Resume-Queue
 * </pre>
 *
 * <p>An identity is percent-encoded in the path ({@code HUB1\3} is {@code HUB1%5C3}). Every request must be
 * signed with the cluster key ({@link RequestSignature}), or it is answered 401 before anything else is
 * looked at. An unknown queue is 404, another method 405, a path that does not parse 400, a
 * {@link QueueAdmin} that throws 500 with its message; errors are {@code {"status": 404, "error": "..."}}.
 *
 * <p>Thread-safe. Served by the JDK's HTTP server on two named daemon threads (QueueAdmin answers from
 * memory, so two are plenty); the operator's verbs are logged with the caller's address.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final QueueAdmin queues;
  private final RequestSignature signature;
  private final Clock clock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private AdminServer(HttpServer server, ExecutorService executor, QueueAdmin queues, RequestSignature signature,
      Clock clock) {
    this.server = server;
    this.executor = executor;
    this.queues = queues;
    this.signature = signature;
    this.clock = clock;
  }

  /**
   * Starts serving {@code queues} on {@code address} (port 0 picks a free one: register {@link #address()},
   * not the configured port), accepting requests signed with {@code clusterKey} and dated near {@code clock}.
   */
  public static AdminServer start(InetSocketAddress address, QueueAdmin queues, ClusterKey clusterKey, Clock clock)
      throws IOException {
    Objects.requireNonNull(queues, "the queue admin must be given");
    RequestSignature signature = new RequestSignature(clusterKey);
    Objects.requireNonNull(clock, "a clock must be given");
    HttpServer server = HttpServer.create(address, 0);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "sluice-admin-http-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    AdminServer admin = new AdminServer(server, executor, queues, signature, clock);
    server.createContext("/", admin::handle);
    server.start();
    return admin;
  }

  /** Where it listens (the port chosen when 0 was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** What is answered; {@code allow} names the one method of a resource, for a 405. */
  private record Response(int status, JsonNode body, Optional<String> allow) {
    static Response ok(JsonNode body) {
      return new Response(200, body, Optional.empty());
    }

    static Response error(int status, String message) {
      ObjectNode body = QueueJson.mapper().createObjectNode();
      body.put("status", status);
      body.put("error", message);
      return new Response(status, body, Optional.empty());
    }
  }

  @FunctionalInterface
  private interface Action {
    JsonNode run() throws UnknownQueueException;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String target = exchange.getRequestURI().getRawPath()
          + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
      Optional<String> refusal = signature.refusal(method, target,
          exchange.getRequestHeaders().getFirst(RequestSignature.DATE_HEADER),
          exchange.getRequestHeaders().getFirst(RequestSignature.AUTHORIZATION_HEADER), clock.instant());
      Response response;
      if (refusal.isPresent()) {
        exchange.getResponseHeaders().add("WWW-Authenticate", RequestSignature.SCHEME);
        response = Response.error(401, refusal.get());
      } else {
        response = route(exchange, method);
      }
      response.allow().ifPresent(allowed -> exchange.getResponseHeaders().add("Allow", allowed));
      byte[] body = QueueJson.mapper().writeValueAsBytes(response.body());
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(response.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private Response route(HttpExchange exchange, String method) {
    List<String> path;
    try {
      path = AdminPaths.segments(exchange.getRequestURI().getRawPath());
    } catch (IllegalArgumentException e) {
      return Response.error(400, e.getMessage());
    }
    if (path.equals(List.of("queues"))) {
      return get(method, () -> list(queues.queues(), QueueJson::write));
    }
    if (path.equals(List.of("messages"))) {
      return get(method, () -> list(queues.messages(Optional.empty()), QueueJson::write));
    }
    if (path.size() == 2 && path.get(0).equals("queues")) {
      return get(method, () -> QueueJson.write(queue(path.get(1))));
    }
    if (path.size() == 3 && path.get(0).equals("queues")) {
      String id = path.get(1);
      String caller = exchange.getRemoteAddress().toString();
      return switch (path.get(2)) {
        case "messages" -> get(method, () -> list(queues.messages(Optional.of(id)), QueueJson::write));
        case "retry" -> post(method, () -> verb("retried", id, caller, queues.retry(id)));
        case "suspend" -> post(method, () -> verb("suspended", id, caller, queues.suspend(id)));
        case "resume" -> post(method, () -> verb("resumed", id, caller, queues.resume(id)));
        default -> notFound(exchange);
      };
    }
    return notFound(exchange);
  }

  private QueueInfo queue(String id) throws UnknownQueueException {
    return queues.queues().stream().filter(q -> q.identity().equalsIgnoreCase(id)).findFirst()
        .orElseThrow(() -> new UnknownQueueException(id));
  }

  private static JsonNode verb(String done, String id, String caller, QueueInfo after) {
    LOG.info("queue {} {} through the admin endpoint by {}", id, done, caller);
    return QueueJson.write(after);
  }

  private static Response get(String method, Action action) {
    return method.equals("GET") ? run(action) : notAllowed("GET");
  }

  private static Response post(String method, Action action) {
    return method.equals("POST") ? run(action) : notAllowed("POST");
  }

  private static Response run(Action action) {
    try {
      return Response.ok(action.run());
    } catch (UnknownQueueException e) {
      return Response.error(404, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("the queue admin failed answering an admin request", e);
      return Response.error(500, "the node's queues failed to answer: " + e.getMessage()
          + " (see the node's log)");
    }
  }

  private static Response notAllowed(String allowed) {
    Response error = Response.error(405, "only " + allowed + " is allowed here");
    return new Response(error.status(), error.body(), Optional.of(allowed));
  }

  private static Response notFound(HttpExchange exchange) {
    return Response.error(404, "no such admin resource " + exchange.getRequestURI().getRawPath()
        + ": the endpoint serves /queues, /queues/{identity}[/messages|/retry|/suspend|/resume] and /messages");
  }

  private static <T> ArrayNode list(List<T> values, Function<T, ObjectNode> write) {
    ArrayNode out = QueueJson.mapper().createArrayNode();
    values.forEach(v -> out.add(write.apply(v)));
    return out;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
