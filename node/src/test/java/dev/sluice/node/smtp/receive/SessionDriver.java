package dev.sluice.node.smtp.receive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.node.smtp.SmtpReply;
import dev.sluice.node.smtp.codec.ContentBuffer;
import dev.sluice.node.smtp.codec.DataReader;
import dev.sluice.node.smtp.codec.SmtpInput;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Drives an {@link SmtpSession} as the Netty handler would, without Netty: for the table and unit tests. */
final class SessionDriver {
  static final ConnectionFacts REMOTE =
      new ConnectionFacts(new InetSocketAddress("192.0.2.10", 40000), new InetSocketAddress("192.0.2.1", 25));
  static final ConnectionFacts LOOPBACK =
      new ConnectionFacts(new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 25));

  final SmtpSession session;
  final RecordingSink sink;
  private Step last;

  SessionDriver(SessionSettings settings, ConnectionFacts connection, ReceivePolicy policy, RecordingSink sink) {
    this.sink = sink;
    this.session = new SmtpSession(settings, connection, policy, sink);
  }

  static SessionDriver standard() {
    return new SessionDriver(new SessionSettings("mx.example.com", 20, 100, true, 1000), REMOTE, TestPolicy.standard(),
        new RecordingSink());
  }

  Step greet() {
    return last = session.greet();
  }

  /** Feeds one command line (or a marked special input) and returns the step, resuming completed awaits. */
  Step send(String line) {
    return send(line, false);
  }

  Step send(String line, boolean pipelinedInputFollows) {
    SmtpInput input = switch (line) {
      case "{TOO_LONG}" -> new SmtpInput.LineTooLong();
      case "{BARE_LF}" -> new SmtpInput.MalformedLine(SmtpInput.Defect.BARE_LF);
      case "{BARE_CR}" -> new SmtpInput.MalformedLine(SmtpInput.Defect.BARE_CR);
      case "{NUL}" -> new SmtpInput.MalformedLine(SmtpInput.Defect.NUL);
      default -> null;
    };
    if (input == null && line.startsWith("{DATA}")) {
      return content(unescape(line.substring("{DATA}".length())));
    }
    if (input == null && line.startsWith("{CHUNK}")) {
      byte[] octets = unescape(line.substring("{CHUNK}".length())).getBytes(StandardCharsets.ISO_8859_1);
      long keep = ((Step.ReadChunk) last).keep();
      return step(new SmtpInput.Chunk(octets.length, Arrays.copyOf(octets, (int) Math.min(keep, octets.length))));
    }
    return step(input != null ? input : new SmtpInput.CommandLine(line, pipelinedInputFollows));
  }

  /** Feeds DATA content (with its terminating CRLF.CRLF) through the real dot reader. */
  Step content(String wire) {
    assertThat(last).as("DATA content needs a 354 first").isInstanceOf(Step.ReadData.class);
    DataReader reader = new DataReader(new ContentBuffer(((Step.ReadData) last).limit()));
    byte[] octets = wire.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < octets.length; i++) {
      if (reader.feed(octets[i])) {
        assertThat(i).as("the data ended before its last octet").isEqualTo(octets.length - 1);
        return step(new SmtpInput.MessageData(reader.finish()));
      }
    }
    throw new AssertionError("the data never ended: " + wire);
  }

  Step step(SmtpInput input) {
    last = session.input(input);
    if (last instanceof Step.Await await && await.until().isDone()) {
      last = session.resume();
    }
    return last;
  }

  /** The reply of a step, whatever kind it is. */
  static SmtpReply reply(Step step) {
    if (step instanceof Step.Reply r) {
      return r.reply();
    } else if (step instanceof Step.ReplyAndClose r) {
      return r.reply();
    } else if (step instanceof Step.Challenge r) {
      return r.challenge();
    } else if (step instanceof Step.ReadData r) {
      return r.goAhead();
    } else if (step instanceof Step.StartTls r) {
      return r.ready();
    }
    throw new AssertionError("no reply in " + step);
  }

  /** {@code 250 2.1.0}, {@code close 221 2.0.0}, {@code 354}, {@code chunk}, {@code await}... */
  static String describe(Step step) {
    if (step instanceof Step.ReadChunk) {
      return "chunk";
    }
    if (step instanceof Step.Await) {
      return "await";
    }
    SmtpReply reply = reply(step);
    String code = reply.code() + reply.status().map(s -> " " + s).orElse("");
    if (step instanceof Step.ReplyAndClose) {
      return "close " + code;
    }
    if (step instanceof Step.StartTls) {
      return "tls " + code;
    }
    return code;
  }

  static String unescape(String text) {
    return text.replace("\\r", "\r").replace("\\n", "\n").replace("\\0", "\0");
  }
}
