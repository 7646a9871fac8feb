package dev.sluice.node.smtp.receive;

import dev.sluice.node.smtp.SmtpReply;
import java.util.HashSet;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The ESMTP parameters of MAIL FROM that this server offers: {@code SIZE=} (RFC 1870), {@code BODY=} (RFC
 * 6152) and {@code AUTH=} (RFC 4954 section 5, read and ignored: this server trusts no sender's word for
 * who submitted a message).
 *
 * <p>An unknown parameter is refused with {@code 555 5.5.4} (RFC 5321 section 4.1.1.11, catalogue row 19),
 * a malformed or repeated one with {@code 501 5.5.4}. Immutable.
 *
 * @param size the declared size, if any
 * @param body the body type
 */
public record MailParameters(OptionalLong size, BodyType body) {
  private static final int MAX_SIZE_DIGITS = 18;

  /** A parse outcome: the parameters or the reply that refuses them. */
  public sealed interface Result {
    record Ok(MailParameters parameters) implements Result {}
    record Refused(SmtpReply reply) implements Result {}
  }

  /** Parses the space-separated {@code keyword[=value]} list after the path. */
  public static Result parse(String text) {
    OptionalLong size = OptionalLong.empty();
    BodyType body = BodyType.SEVEN_BIT;
    Set<String> seen = new HashSet<>();
    for (String parameter : text.trim().split(" +")) {
      if (parameter.isEmpty()) {
        continue;
      }
      int equals = parameter.indexOf('=');
      String keyword = (equals < 0 ? parameter : parameter.substring(0, equals)).toUpperCase(Locale.ROOT);
      String value = equals < 0 ? null : parameter.substring(equals + 1);
      if (!seen.add(keyword)) {
        return refused(501, "5.5.4", "Error: duplicate parameter " + keyword);
      }
      switch (keyword) {
        case "SIZE" -> {
          if (value == null || value.isEmpty() || value.length() > MAX_SIZE_DIGITS
              || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return refused(501, "5.5.4", "Bad message size syntax");
          }
          size = OptionalLong.of(Long.parseLong(value));
        }
        case "BODY" -> {
          if ("7BIT".equalsIgnoreCase(value)) {
            body = BodyType.SEVEN_BIT;
          } else if ("8BITMIME".equalsIgnoreCase(value)) {
            body = BodyType.EIGHT_BIT_MIME;
          } else {
            return refused(501, "5.5.4", "Unsupported BODY parameter value");
          }
        }
        case "AUTH" -> {
          if (value == null || value.isEmpty()) {
            return refused(501, "5.5.4", "Bad AUTH parameter syntax");
          }
        }
        default -> {
          return refused(555, "5.5.4", "Unsupported option: " + printable(parameter));
        }
      }
    }
    return new Result.Ok(new MailParameters(size, body));
  }

  private static Result refused(int code, String status, String text) {
    return new Result.Refused(SmtpReply.of(code, status, text));
  }

  // The client's text goes back into a reply: keep it short and printable.
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().limit(64).forEach(c -> out.append(c >= 32 && c < 127 ? (char) c : '?'));
    return out.toString();
  }
}
