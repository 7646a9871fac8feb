package dev.sluice.node.admin;

import dev.sluice.directory.secrets.ClusterKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Signs and checks admin requests with the cluster key, so that only holders of the cluster key file
 * (every node, and the operators who run the CLI) can read or change a node's queues, wherever
 * {@code admin.listen} is.
 *
 * <p>A request carries {@value #DATE_HEADER}{@code : <unix seconds>} and {@value #AUTHORIZATION_HEADER}{@code :
 * }{@value #SCHEME}{@code  <hex of HMAC-SHA256(k, method + " " + target + " " + seconds)>}, where the target is
 * the raw (percent-encoded) path and query as sent, and {@code k} is {@link ClusterKey#derive derived} from
 * the cluster key for {@value #PURPOSE}. A signature is accepted within {@link #MAX_SKEW} of the server's
 * clock, so a captured request can be replayed only for that long, and only as the same request (the verbs
 * are idempotent, and reading a queue needs the key anyway). Immutable and thread-safe; the comparison is
 * constant-time.
 */
public final class RequestSignature {
  public static final String AUTHORIZATION_HEADER = "Authorization";
  public static final String DATE_HEADER = "X-Sluice-Date";
  public static final String SCHEME = "Sluice-HMAC";
  /** How far a request's date may be from the server's clock, either way. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);
  static final String PURPOSE = "admin-endpoint";
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKey key;

  public RequestSignature(ClusterKey clusterKey) {
    this.key = Objects.requireNonNull(clusterKey, "the cluster key must be given").derive(PURPOSE);
  }

  /** The {@value #AUTHORIZATION_HEADER} value of the request {@code method target} sent at {@code seconds}. */
  public String authorization(String method, String target, long seconds) {
    return SCHEME + " " + HexFormat.of().formatHex(mac(method, target, seconds));
  }

  /**
   * Why the request {@code method target} with these header values (null when missing) is refused at
   * {@code now}, or empty when it is signed by the cluster key within the allowed skew.
   */
  public Optional<String> refusal(String method, String target, String date, String authorization, Instant now) {
    if (date == null || authorization == null) {
      return Optional.of("the request is not signed: send " + DATE_HEADER + " and " + AUTHORIZATION_HEADER + ": "
          + SCHEME + " (the sluice CLI does, with --cluster-key-file)");
    }
    long seconds;
    try {
      seconds = Long.parseLong(date.strip());
    } catch (NumberFormatException e) {
      return Optional.of(DATE_HEADER + " must be the request's time in seconds since 1970-01-01T00:00:00Z");
    }
    long skew = Math.abs(now.getEpochSecond() - seconds);
    if (skew > MAX_SKEW.toSeconds()) {
      return Optional.of("the request is dated " + Instant.ofEpochSecond(seconds) + ", more than " + MAX_SKEW.toMinutes()
          + " minutes from this node's clock (" + now.getEpochSecond() + "): set the clocks right (NTP)");
    }
    String prefix = SCHEME + " ";
    byte[] given;
    try {
      given = authorization.startsWith(prefix) ? HexFormat.of().parseHex(authorization.substring(prefix.length()).strip())
          : null;
    } catch (IllegalArgumentException e) {
      given = null;
    }
    if (given == null) {
      return Optional.of(AUTHORIZATION_HEADER + " must be " + SCHEME + " and the hex of an HMAC-SHA256");
    }
    if (!MessageDigest.isEqual(mac(method, target, seconds), given)) {
      return Optional.of("the request's signature does not verify: the cluster key file it was signed with does"
          + " not match this node's (give the CLI the key file the nodes use, --cluster-key-file)");
    }
    return Optional.empty();
  }

  private byte[] mac(String method, String target, long seconds) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal((method + " " + target + " " + seconds).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no " + ALGORITHM + ", which every Java platform must provide", e);
    }
  }
}
