package dev.sluice.node.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The send protocol log's files: Exchange's header, one line per event in CSV, a new file each UTC day. */
class SendProtocolLogTest {
  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.6", 25);
  private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 40000);

  @Test
  void aSessionIsWrittenInOrderWithSequenceNumbersUnderExchangesHeader(@TempDir Path dir) throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00.250Z"));
    try (SendProtocolLog log = new SendProtocolLog(dir, "1.2.3", clock)) {
      ProtocolListener.SessionLog session = log.begin("Internet, outbound", REMOTE);
      session.connected(LOCAL);
      session.received("220 mx.example.com ESMTP");
      session.sent("EHLO hub1.sluice.test");
      session.information("TLSv1.3 TLS_AES_128_GCM_SHA256", "TLS negotiated");
      session.received("250 2.0.0 said \"ok\", truly");
      session.disconnected("Local");
    }

    List<String> lines = Files.readAllLines(dir.resolve("SEND20260301-1.LOG"), StandardCharsets.UTF_8);

    assertThat(lines.subList(0, 5)).containsExactly("#Software: Sluice 1.2.3", "#Version: 8.0.0.0",
        "#Log-type: SMTP Send Protocol Log", "#Date: 2026-03-01T10:00:00.250Z", SendProtocolLog.FIELDS);
    String id = lines.get(5).split(",")[3];
    assertThat(id).matches("[0-9A-F]{16}");
    String prefix = "2026-03-01T10:00:00.250Z,\"Internet, outbound\"," + id + ",";
    assertThat(lines.subList(5, lines.size())).containsExactly(
        prefix + "0,127.0.0.1:40000,127.0.0.6:25,+,,",
        prefix + "1,127.0.0.1:40000,127.0.0.6:25,<,220 mx.example.com ESMTP,",
        prefix + "2,127.0.0.1:40000,127.0.0.6:25,>,EHLO hub1.sluice.test,",
        prefix + "3,127.0.0.1:40000,127.0.0.6:25,*,TLSv1.3 TLS_AES_128_GCM_SHA256,TLS negotiated",
        prefix + "4,127.0.0.1:40000,127.0.0.6:25,<,\"250 2.0.0 said \"\"ok\"\", truly\",",
        prefix + "5,127.0.0.1:40000,127.0.0.6:25,-,,Local");
  }

  @Test
  void atUtcMidnightANewFileBeginsWithItsOwnHeaderAndTheSessionGoesOn(@TempDir Path dir) throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-03-01T23:59:59.900Z"));
    try (SendProtocolLog log = new SendProtocolLog(dir, "1.2.3", clock)) {
      ProtocolListener.SessionLog session = log.begin("Outbound", REMOTE);
      ProtocolListener.SessionLog other = log.begin("Outbound", REMOTE);
      session.connected(LOCAL);
      clock.advance(Duration.ofMillis(200));
      session.sent("QUIT");
      other.connected(LOCAL);
    }

    List<String> first = Files.readAllLines(dir.resolve(SendProtocolLog.fileName(LocalDate.of(2026, 3, 1))));
    List<String> second = Files.readAllLines(dir.resolve(SendProtocolLog.fileName(LocalDate.of(2026, 3, 2))));

    assertThat(first).hasSize(6);
    assertThat(first.get(5)).startsWith("2026-03-01T23:59:59.900Z,Outbound,").contains(",0,", ",+,");
    assertThat(second.subList(0, 5)).contains("#Date: 2026-03-02T00:00:00.100Z", SendProtocolLog.FIELDS);
    assertThat(second.get(5)).startsWith("2026-03-02T00:00:00.100Z,Outbound,").contains(",1,", ",>,QUIT,");
    assertThat(second.get(6)).contains(",0,", ",+,");
    assertThat(second.get(5).split(",")[2]).as("each session its own id").isNotEqualTo(second.get(6).split(",")[2]);
  }

  @Test
  void todaysFileIsAppendedToAfterARestart(@TempDir Path dir) throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-03-01T08:00:00Z"));
    for (int run = 0; run < 2; run++) {
      try (SendProtocolLog log = new SendProtocolLog(dir, "1.2.3", clock)) {
        log.begin("Outbound", REMOTE).connected(LOCAL);
      }
    }

    List<String> lines = Files.readAllLines(dir.resolve("SEND20260301-1.LOG"));

    assertThat(lines).filteredOn(l -> l.startsWith("#Fields")).hasSize(2);
    assertThat(lines).filteredOn(l -> l.contains(",+,")).hasSize(2);
  }
}
