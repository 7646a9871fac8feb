package dev.sluice.node.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison counting: an attempt begun and not ended when the spool last closed counts one crash at
 * the next open, and the count survives. A close without {@code endAttempt} leaves on disk exactly
 * what a crash during the attempt leaves (SpoolCrashIT does it with SIGKILL).
 */
class SpoolAttemptTest {
  @TempDir Path dir;

  private static int crashes(Spool spool, SpoolId id) {
    return spool.read(id).orElseThrow().crashCount();
  }

  @Test
  void anAttemptWithoutAnEndCountsOneCrashPerOpenAndTheCountSurvives() throws IOException {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      SpoolId crashing = SpoolHarness.store(spool, 1, 100);
      SpoolId ended = SpoolHarness.store(spool, 2, 100);
      SpoolId idle = SpoolHarness.store(spool, 3, 100);
      SpoolId removed = SpoolHarness.store(spool, 4, 100);
      spool.beginAttempt(List.of(crashing, ended, removed)).join();
      spool.endAttempt(List.of(ended));
      spool.remove(removed).join();
      assertThat(crashes(spool, crashing)).as("counted at open, not during the run").isZero();
      spool.close();

      Spool second = harness.open();
      assertThat(crashes(second, crashing)).isEqualTo(1);
      assertThat(crashes(second, ended)).isZero();
      assertThat(crashes(second, idle)).isZero();
      assertThat(second.ids()).containsExactly(crashing, ended, idle);
      second.beginAttempt(List.of(crashing)).join();
      second.close();

      Spool third = harness.open();
      assertThat(crashes(third, crashing)).isEqualTo(2);
      third.close();

      Spool fourth = harness.open();
      assertThat(crashes(fourth, crashing)).as("no attempt since the last open: no new crash").isEqualTo(2);
      fourth.beginAttempt(List.of(crashing, ended)).join();
      fourth.endAttempt(List.of(crashing, ended));
      fourth.close();

      Spool fifth = harness.open();
      assertThat(crashes(fifth, crashing)).as("the END carries the count").isEqualTo(2);
      assertThat(crashes(fifth, ended)).isZero();
      fifth.remove(crashing).join();
      fifth.close();
      assertThat(harness.open().ids()).containsExactly(ended, idle);
    }
  }

  @Test
  void beginWaitsForItsSyncAndManyIdsShareOneRecord() throws IOException {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      List<SpoolId> ids = new ArrayList<>();
      for (int n = 0; n < 64; n++) {
        ids.add(SpoolHarness.store(spool, n, 50));
      }
      long before = Files.size(harness.segment(1));
      int syncs = harness.syncer.syncs();
      harness.syncer.hold();
      CompletableFuture<Void> begin = spool.beginAttempt(ids);
      await().atMost(Duration.ofSeconds(10)).until(() -> harness.syncer.waiting() == 1);
      assertThat(begin).isNotDone();
      harness.syncer.release();
      begin.join();
      assertThat(harness.syncer.syncs() - syncs).isEqualTo(1);
      assertThat(Files.size(harness.segment(1)) - before)
          .isEqualTo(RecordCodec.HEADER + 64 * RecordCodec.ATTEMPT_ENTRY + RecordCodec.TRAILER);
      assertThat(spool.beginAttempt(List.of(new SpoolId(99)))).as("unknown ids: at once").isCompleted();
    }
  }

  @Test
  void anEndIsNotSyncedByItselfButRidesTheNextSyncOrTheIdleFlush() throws IOException {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      harness.with(harness.config().withProbeInterval(Duration.ofSeconds(30)));
      Spool spool = harness.open();
      SpoolId one = SpoolHarness.store(spool, 1, 100);
      SpoolId two = SpoolHarness.store(spool, 2, 100);
      spool.beginAttempt(List.of(one, two)).join();
      int syncs = harness.syncer.syncs();
      long size = Files.size(harness.segment(1));
      spool.endAttempt(List.of(one));
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
          .until(() -> harness.syncer.syncs() == syncs && Files.size(harness.segment(1)) == size);
      spool.complete(two, List.of("rcpt2@contoso.com")).join();
      assertThat(harness.syncer.syncs() - syncs).as("the END shares the completion's sync").isEqualTo(1);
      spool.endAttempt(List.of(two));
      spool.close();
      Spool again = harness.open();
      assertThat(crashes(again, one)).isZero();
      assertThat(crashes(again, two)).as("the close writes the deferred END").isZero();
    }

    try (SpoolHarness harness = new SpoolHarness(dir.resolve("idle"))) {
      Spool spool = harness.open();
      SpoolId id = SpoolHarness.store(spool, 1, 100);
      spool.beginAttempt(List.of(id)).join();
      int syncs = harness.syncer.syncs();
      spool.endAttempt(List.of(id));
      await().atMost(Duration.ofSeconds(10)).until(() -> harness.syncer.syncs() > syncs);
    }
  }

  @Test
  void theBeginThatCausedACrashKeepsItsSegmentUntilANewerAttemptRecordCarriesTheCount() throws IOException {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      harness.with(harness.config().withSegmentSize(4096));
      Spool spool = harness.open();
      // Alone in segment 1, so that no DEL of a neighbour keeps a later segment for it.
      SpoolId poison = SpoolHarness.store(spool, 0, 3500);
      List<SpoolId> filler = new ArrayList<>();
      for (int n = 1; n < 4; n++) {
        filler.add(SpoolHarness.store(spool, n, 900));
      }
      spool.beginAttempt(List.of(poison)).join();
      Path beginSegment = harness.lastSegment();
      assertThat(beginSegment).isNotEqualTo(harness.segment(1));
      spool.close();

      Spool again = harness.open();
      assertThat(crashes(again, poison)).isEqualTo(1);
      for (SpoolId id : filler) {
        again.remove(id).join();
      }
      churn(again, 10);
      assertThat(beginSegment).as("its BEGIN is the newest attempt record of a live message").exists();
      again.close();

      Spool third = harness.open();
      assertThat(crashes(third, poison)).as("no attempt since: no new crash").isEqualTo(1);
      third.beginAttempt(List.of(poison)).join();
      third.endAttempt(List.of(poison));
      churn(third, 30);
      assertThat(beginSegment).as("superseded by the END, which carries the count").doesNotExist();
      third.close();
      assertThat(crashes(harness.open(), poison)).isEqualTo(1);
    }
  }

  /** Stores and removes messages until the active segment has moved on a few times. */
  private static void churn(Spool spool, int first) {
    for (int n = first; n < first + 10; n++) {
      spool.remove(SpoolHarness.store(spool, n, 900)).join();
    }
  }
}
