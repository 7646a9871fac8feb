package dev.sluice.node.admin;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The paths of the admin endpoint, spelled in one place: how the client writes a queue's identity into a
 * path segment ({@code HUB1\3} as {@code HUB1%5C3}) and how the server reads the segments back. Stateless.
 */
final class AdminPaths {
  static final String QUEUES = "/queues";
  static final String MESSAGES = "/messages";

  private AdminPaths() {}

  /** {@code /queues/<identity>}, then {@code tail} ("/messages", "/retry", ...; "" for the queue itself). */
  static String queue(String identity, String tail) {
    return QUEUES + "/" + encode(identity) + tail;
  }

  /** A path segment of {@code text}: everything but unreserved characters percent-encoded, spaces as %20. */
  static String encode(String text) {
    // URLEncoder writes the form encoding, whose '+' for a space is a literal '+' in a path.
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * The decoded segments of the raw path {@code rawPath}: {@code /queues/HUB1%5C3/retry} is
   * {@code [queues, HUB1\3, retry]}; an empty segment (a trailing or doubled '/') is kept, and matches nothing.
   */
  static List<String> segments(String rawPath) {
    String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    List<String> out = new ArrayList<>();
    for (String segment : path.split("/", -1)) {
      try {
        // A '+' in a path is a plus sign, not the form encoding's space.
        out.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the path " + rawPath + " is not percent-encoded correctly: "
            + e.getMessage());
      }
    }
    return out;
  }
}
