package dev.sluice.node.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F3: a spool process killed with SIGKILL at an arbitrary moment loses no message it acknowledged,
 * and the next run recovers them and carries on. (The page cache survives a killed process, so
 * this shows recovery and the torn tail; SpoolGroupCommitTest shows the sync comes first.)
 */
class SpoolCrashIT {
  @TempDir Path dir;

  @Test
  void everyAcknowledgedMessageSurvivesSigkillTwice() throws Exception {
    Map<Integer, SpoolId> acknowledged = new ConcurrentHashMap<>();
    killAfter(300, 0, acknowledged);
    int firstRound = acknowledged.size();
    killAfter(firstRound + 300, 1_000_000, acknowledged);

    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      List<SpoolId> ids = spool.ids();
      for (Map.Entry<Integer, SpoolId> ack : acknowledged.entrySet()) {
        int n = ack.getKey();
        assertThat(ids).as("acknowledged message %d", n).contains(ack.getValue());
        SpooledMessage message = spool.read(ack.getValue()).orElseThrow();
        assertThat(message.envelope()).isEqualTo(SpoolHarness.envelope(n));
        assertThat(message.contentBytes()).isEqualTo(SpoolHarness.content(n, 1000 + n % 3000));
      }
      for (SpoolId id : ids) {
        // Stored but killed before it printed: still a whole, valid message.
        int n = Integer.parseInt(spool.read(id).orElseThrow().envelope().messageId().substring(4));
        assertThat(spool.read(id).orElseThrow().contentBytes()).isEqualTo(SpoolHarness.content(n, 1000 + n % 3000));
      }
      assertThat(harness.quarantined()).isEmpty();
    }
  }

  @Test
  void aMessageInFlightAtEachOfTwoSigkillsHasCrashCountTwoAndOneEndedHasNone() throws Exception {
    assertThat(killWhenReady()).as("fresh spool").isEmpty();
    assertThat(killWhenReady()).as("first open after the first kill: 1 and 2 were in flight, 3 ended")
        .containsExactly("COUNT 1 1 0", "COUNT 2 1 0", "COUNT 3 0 1");
    assertThat(killWhenReady()).as("only 1 was in flight at the second kill")
        .containsExactly("COUNT 1 2 0", "COUNT 2 1 0", "COUNT 3 0 1");
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      assertThat(spool.ids().stream().map(id -> spool.read(id).orElseThrow().crashCount()))
          .containsExactly(3, 1, 0);
    }
  }

  /** Runs SpoolAttemptChild until it is READY, kills it, and returns the COUNT lines it printed. */
  private List<String> killWhenReady() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        SpoolAttemptChild.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    List<String> counts = new CopyOnWriteArrayList<>();
    AtomicBoolean ready = new AtomicBoolean();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          if (line.startsWith("COUNT ")) {
            counts.add(line);
          } else if (line.equals("READY")) {
            ready.set(true);
          }
        }
      } catch (IOException e) {
        // The pipe closes when the child dies.
      }
    }, "attempt-child-reader");
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> ready.get() || !child.isAlive());
      assertThat(ready).as("child READY before it was killed").isTrue();
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    return List.copyOf(counts);
  }

  private void killAfter(int acks, int first, Map<Integer, SpoolId> acknowledged) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        SpoolCrashChild.class.getName(), dir.toString(), Integer.toString(first), "2000000")
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          if (line.startsWith("ACK ")) {
            String[] parts = line.split(" ");
            acknowledged.put(Integer.parseInt(parts[1]), SpoolId.parse(parts[2]));
          }
        }
      } catch (IOException e) {
        // The pipe closes when the child dies.
      }
    }, "crash-child-reader");
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= acks || !child.isAlive());
      assertThat(child.isAlive()).as("child still storing when killed").isTrue();
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
  }
}
