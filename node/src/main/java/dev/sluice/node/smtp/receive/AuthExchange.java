package dev.sluice.node.smtp.receive;

import dev.sluice.node.smtp.SmtpReply;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * One AUTH exchange of the PLAIN (RFC 4616) or LOGIN mechanism (RFC 4954 framing): challenges, the
 * client's base64 answers, until there are {@link Credentials} to check or the exchange fails.
 *
 * <p>{@code *} cancels ({@code 501 5.0.0}), bad base64 is {@code 501 5.5.2} (RFC 4954 section 4), a PLAIN
 * message without its two NULs is a failed login. Not thread-safe; one per AUTH command.
 */
final class AuthExchange {
  private static final SmtpReply EMPTY_CHALLENGE = SmtpReply.withoutStatus(334, "");
  private static final SmtpReply USERNAME = SmtpReply.withoutStatus(334, "VXNlcm5hbWU6");
  private static final SmtpReply PASSWORD = SmtpReply.withoutStatus(334, "UGFzc3dvcmQ6");

  /** Where the exchange stands. */
  sealed interface Result {
    record Continue(SmtpReply challenge) implements Result {}
    record Complete(Credentials credentials) implements Result {}
    record Failed(SmtpReply reply) implements Result {}
  }

  private final boolean plain;
  private String username;

  private AuthExchange(boolean plain) {
    this.plain = plain;
  }

  /** Whether this server speaks {@code mechanism}. */
  static boolean supports(String mechanism) {
    String upper = mechanism.toUpperCase(Locale.ROOT);
    return upper.equals("PLAIN") || upper.equals("LOGIN");
  }

  /** Starts an exchange for a supported mechanism, with the initial response if the client gave one. */
  static AuthExchange start(String mechanism) {
    return new AuthExchange(mechanism.equalsIgnoreCase("PLAIN"));
  }

  Result begin(Optional<String> initialResponse) {
    if (initialResponse.isEmpty()) {
      return new Result.Continue(plain ? EMPTY_CHALLENGE : USERNAME);
    }
    // RFC 4954 section 4: "=" is an initial response of zero length.
    return answer(initialResponse.get().equals("=") ? "" : initialResponse.get());
  }

  /** The client's line after a 334. */
  Result answer(String line) {
    if (line.equals("*")) {
      return new Result.Failed(SmtpReply.AUTH_ABORTED);
    }
    Optional<String> decoded = decode(line);
    if (decoded.isEmpty()) {
      return new Result.Failed(SmtpReply.BAD_BASE64);
    }
    if (plain) {
      String[] parts = decoded.get().split("\0", -1);
      return parts.length == 3 && !parts[1].isEmpty()
          ? new Result.Complete(new Credentials(parts[0], parts[1], parts[2]))
          : new Result.Failed(SmtpReply.AUTH_FAILED);
    }
    if (username == null) {
      username = decoded.get();
      return new Result.Continue(PASSWORD);
    }
    return new Result.Complete(new Credentials("", username, decoded.get()));
  }

  private static Optional<String> decode(String line) {
    try {
      return Optional.of(new String(Base64.getDecoder().decode(line), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
