package dev.sluice.it;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reads a node's {@code /metrics} and {@code /health} over HTTP, and picks one sample out of the Prometheus
 * text by its name and labels, so a test checks what a scraper would see.
 */
final class PrometheusSamples {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private PrometheusSamples() {}

  /** The Prometheus text the node at {@code metrics} serves now. */
  static String scrape(InetSocketAddress metrics) throws Exception {
    return get(metrics, "/metrics");
  }

  /** The health JSON the node at {@code metrics} serves now. */
  static String health(InetSocketAddress metrics) throws Exception {
    return get(metrics, "/health");
  }

  private static String get(InetSocketAddress metrics, String path) throws Exception {
    URI uri = URI.create("http://" + metrics.getAddress().getHostAddress() + ":" + metrics.getPort() + path);
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /**
   * The value of the sample {@code name} whose labels include every one of {@code labels}; empty when no
   * such sample is exposed (a gauge row that went away).
   */
  static OptionalDouble value(String scrape, String name, Map<String, String> labels) {
    return scrape.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(l -> labels.entrySet().stream().allMatch(e -> l.contains(e.getKey() + "=\"" + e.getValue() + "\"")))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst();
  }
}
