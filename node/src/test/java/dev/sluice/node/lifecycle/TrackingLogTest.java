package dev.sluice.node.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracking log: today's file with its field names, one CSV line per message, quoted where CSV must. */
class TrackingLogTest {
  @TempDir Path dir;

  private Path today() {
    return dir.resolve("MSGTRK" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE) + ".log");
  }

  @Test
  void aReceiveLineGoesToTodaysFileUnderItsFieldNames() throws Exception {
    TrackingLog log = TrackingLog.open(dir);
    try (log) {
      log.receive("19b.1@node.test", "00000001-00000002", "HUB1", "Default HUB1", "127.0.0.3",
          "a@client.test", List.of("x@sluice.test", "y@sluice.test"), 1234);
    }
    log.receive("after.close@node.test", "9", "HUB1", "c", "127.0.0.3", "a@client.test", List.of("z@x"), 1);

    List<String> lines = Files.readAllLines(today(), StandardCharsets.UTF_8);
    assertThat(lines.get(0)).isEqualTo(TrackingLog.FIELDS);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z,RECEIVE,19b\\.1@node\\.test,"
        + "00000001-00000002,HUB1,Default HUB1,127\\.0\\.0\\.3,a@client\\.test,2,x@sluice\\.test;y@sluice\\.test,1234,,");
  }

  @Test
  void aFieldWithACommaOrAQuoteIsQuoted() {
    assertThat(TrackingLog.field("plain")).isEqualTo("plain");
    assertThat(TrackingLog.field("\"a,b\"@x")).isEqualTo("\"\"\"a,b\"\"@x\"");
  }
}
