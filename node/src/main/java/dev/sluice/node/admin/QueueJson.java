package dev.sluice.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.node.delivery.queue.MessageInfo;
import dev.sluice.node.delivery.queue.MessageStatus;
import dev.sluice.node.delivery.queue.QueueInfo;
import dev.sluice.node.delivery.queue.QueueStatus;
import dev.sluice.routing.model.ExchangeEnums;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JSON of the admin endpoint, written by the node and read by the CLI: the one place where queues and
 * messages become JSON and back. Fields are Exchange's property names in camel case (the message's sender is
 * {@code fromAddress}), in Get-Queue's and Get-Message's column order; statuses are spelled {@code Ready},
 * {@code Suspended}; times are ISO-8601 instants; what is absent is {@code null}.
 *
 * <p>Stateless and thread-safe. Reading ignores fields it does not know (a newer node must not break an
 * older CLI) and throws {@link IllegalArgumentException} naming the field that is missing or malformed.
 */
public final class QueueJson {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private QueueJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode write(QueueInfo q) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("identity", q.identity());
    out.put("deliveryType", q.deliveryType());
    out.put("status", print(q.status()));
    out.put("messageCount", q.messageCount());
    out.put("nextRetryTime", q.nextRetryTime().map(Instant::toString).orElse(null));
    out.put("nextHopDomain", q.nextHopDomain());
    out.put("lastError", q.lastError().orElse(null));
    out.put("connector", q.connector());
    out.put("lastRetryTime", q.lastRetryTime().map(Instant::toString).orElse(null));
    return out;
  }

  public static ObjectNode write(MessageInfo m) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("identity", m.identity());
    out.put("fromAddress", m.sender());
    out.put("status", print(m.status()));
    out.put("size", m.size());
    out.put("queue", m.queue());
    ArrayNode recipients = out.putArray("recipients");
    m.recipients().forEach(recipients::add);
    out.put("lastError", m.lastError().orElse(null));
    out.put("messageId", m.messageId());
    out.put("receivedAt", m.receivedAt().toString());
    out.put("retryCount", m.retryCount());
    return out;
  }

  public static QueueInfo readQueue(JsonNode in) {
    Fields f = new Fields(in, "queue");
    return f.build(() -> new QueueInfo(f.text("identity"), f.text("deliveryType"), f.text("nextHopDomain"),
        f.text("connector"), f.status("status", QueueStatus.class), (int) f.number("messageCount"),
        f.instant("nextRetryTime"), f.instant("lastRetryTime"), f.optionalText("lastError")));
  }

  public static MessageInfo readMessage(JsonNode in) {
    Fields f = new Fields(in, "message");
    List<String> recipients = new ArrayList<>();
    JsonNode list = in.get("recipients");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("the message's recipients must be a list");
    }
    list.forEach(r -> recipients.add(r.asText()));
    return f.build(() -> new MessageInfo(f.text("identity"), f.text("messageId"), f.text("fromAddress"),
        f.number("size"), f.status("status", MessageStatus.class), f.text("queue"),
        f.instant("receivedAt").orElseThrow(() -> f.missing("receivedAt")), recipients, (int) f.number("retryCount"),
        f.optionalText("lastError")));
  }

  /** Each element of the JSON array {@code in}, read with {@code read}. */
  public static <T> List<T> readList(JsonNode in, Function<JsonNode, T> read) {
    if (in == null || !in.isArray()) {
      throw new IllegalArgumentException("expected a JSON list, not " + (in == null ? "nothing" : in.getNodeType()));
    }
    List<T> out = new ArrayList<>(in.size());
    in.forEach(e -> out.add(read.apply(e)));
    return out;
  }

  /** {@code READY} as {@code Ready}, as Exchange spells a status. */
  public static String print(Enum<?> status) {
    String name = status.name();
    return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
  }

  /** The fields of one object, each failure naming the field. */
  private record Fields(JsonNode node, String what) {
    Fields {
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("a " + what + " must be a JSON object, not "
            + (node == null ? "nothing" : node.getNodeType()));
      }
    }

    String text(String field) {
      return optionalText(field).orElseThrow(() -> missing(field));
    }

    Optional<String> optionalText(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        return Optional.empty();
      }
      if (!v.isTextual()) {
        throw new IllegalArgumentException("the " + what + "'s " + field + " must be a text, not " + v);
      }
      return Optional.of(v.textValue());
    }

    long number(String field) {
      JsonNode v = node.get(field);
      if (v == null || !v.isIntegralNumber()) {
        throw new IllegalArgumentException("the " + what + "'s " + field + " must be a whole number, not " + v);
      }
      return v.longValue();
    }

    Optional<Instant> instant(String field) {
      return optionalText(field).map(t -> {
        try {
          return Instant.parse(t);
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("the " + what + "'s " + field + " '" + t + "' is not an ISO-8601 instant");
        }
      });
    }

    <E extends Enum<E>> E status(String field, Class<E> type) {
      return ExchangeEnums.parse(type, QueueJson::print, "the " + what + "'s " + field, text(field));
    }

    IllegalArgumentException missing(String field) {
      return new IllegalArgumentException("the " + what + "'s " + field + " is missing");
    }

    <T> T build(java.util.function.Supplier<T> make) {
      try {
        return make.get();
      } catch (NullPointerException e) {
        throw new IllegalArgumentException("the " + what + " is not valid: " + e.getMessage(), e);
      }
    }
  }
}
