package dev.sluice.node.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.directory.secrets.ClusterKey;
import dev.sluice.node.config.HostPort;
import dev.sluice.node.delivery.queue.MessageInfo;
import dev.sluice.node.delivery.queue.QueueInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Asks one node's admin endpoint ({@link AdminServer}) about its queues and tells it what to do with them,
 * signing every request with the cluster key ({@link RequestSignature}); what the CLI's queue verbs use.
 *
 * <p>Thread-safe (the JDK's HttpClient is). Every call either returns what the endpoint answered or throws an
 * {@link AdminException} naming the endpoint: {@code UNREACHABLE} when it cannot be connected to or does not
 * answer within the timeout, {@code UNAUTHORIZED} for a 401, {@code NOT_FOUND} for an unknown queue,
 * {@code FAILED} for the rest. A call is never retried: the verbs are the operator's, one at a time.
 */
public final class AdminClient {
  private final String endpoint;
  private final URI base;
  private final RequestSignature signature;
  private final Clock clock;
  private final Duration timeout;
  private final HttpClient http;

  /** A client of the endpoint at {@code endpoint}, waiting at most {@code timeout} to connect and for each answer. */
  public AdminClient(HostPort endpoint, ClusterKey clusterKey, Clock clock, Duration timeout) {
    this.endpoint = Objects.requireNonNull(endpoint, "the admin endpoint must be given").toString();
    this.base = URI.create("http://" + this.endpoint);
    this.signature = new RequestSignature(clusterKey);
    this.clock = Objects.requireNonNull(clock, "a clock must be given");
    this.timeout = Objects.requireNonNull(timeout, "a timeout must be given");
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Every queue of the node. */
  public List<QueueInfo> queues() {
    return call("GET", AdminPaths.QUEUES, list(QueueJson::readQueue));
  }

  /** The queue {@code identity}. */
  public QueueInfo queue(String identity) {
    return call("GET", AdminPaths.queue(identity, ""), QueueJson::readQueue);
  }

  /** The messages of the queue {@code identity}, or of every queue when empty. */
  public List<MessageInfo> messages(Optional<String> identity) {
    String path = identity.map(id -> AdminPaths.queue(id, "/messages")).orElse(AdminPaths.MESSAGES);
    return call("GET", path, list(QueueJson::readMessage));
  }

  /** Retry-Queue: the queue as it is once told. */
  public QueueInfo retry(String identity) {
    return call("POST", AdminPaths.queue(identity, "/retry"), QueueJson::readQueue);
  }

  /** Suspend-Queue. */
  public QueueInfo suspend(String identity) {
    return call("POST", AdminPaths.queue(identity, "/suspend"), QueueJson::readQueue);
  }

  /** Resume-Queue. */
  public QueueInfo resume(String identity) {
    return call("POST", AdminPaths.queue(identity, "/resume"), QueueJson::readQueue);
  }

  /** The endpoint asked, host:port. */
  public String endpoint() {
    return endpoint;
  }

  private static <T> Function<JsonNode, List<T>> list(Function<JsonNode, T> element) {
    return node -> QueueJson.readList(node, element);
  }

  /** Sends the signed request and reads a 200's body with {@code reader}; throws for anything else. */
  private <T> T call(String method, String target, Function<JsonNode, T> reader) {
    long seconds = clock.instant().getEpochSecond();
    HttpRequest request = HttpRequest.newBuilder(base.resolve(target))
        .timeout(timeout)
        .method(method, HttpRequest.BodyPublishers.noBody())
        .header(RequestSignature.DATE_HEADER, Long.toString(seconds))
        .header(RequestSignature.AUTHORIZATION_HEADER, signature.authorization(method, target, seconds))
        .header("Accept", "application/json")
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AdminException(AdminException.Kind.UNREACHABLE, endpoint, "cannot reach the admin endpoint at "
          + endpoint + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminException(AdminException.Kind.UNREACHABLE, endpoint, "interrupted waiting for " + endpoint, e);
    }
    JsonNode body = parse(response.body(), method + " " + target);
    if (response.statusCode() == 200) {
      try {
        return reader.apply(body);
      } catch (IllegalArgumentException e) {
        throw new AdminException(AdminException.Kind.FAILED, endpoint, "cannot read the answer of " + endpoint
            + ": " + e.getMessage() + " (does the node run the same Sluice version as this CLI?)", e);
      }
    }
    AdminException.Kind kind = switch (response.statusCode()) {
      case 401 -> AdminException.Kind.UNAUTHORIZED;
      case 404 -> AdminException.Kind.NOT_FOUND;
      default -> AdminException.Kind.FAILED;
    };
    JsonNode error = body.get("error");
    throw new AdminException(kind, endpoint, error != null && error.isTextual() ? error.textValue()
        : "the admin endpoint at " + endpoint + " answered " + response.statusCode() + " to " + method + " " + target,
        null);
  }

  private JsonNode parse(String text, String request) {
    try {
      return QueueJson.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new AdminException(AdminException.Kind.FAILED, endpoint, endpoint + " answered " + request
          + " with what is not JSON: is it a Sluice node's admin endpoint (admin.listen)?", e);
    }
  }

  private static String describe(IOException e) {
    // The JDK's ConnectException and HttpConnectTimeoutException often carry no message of their own.
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
  }
}
