package dev.sluice.node.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proof of the sync: no store completes, so no 250 can leave, before its sync has returned. */
class SpoolGroupCommitTest {
  @TempDir Path dir;

  @Test
  void fiftyConcurrentStoresWaitForTheHeldSyncAndShareFewSyncs() throws Exception {
    ExecutorService sessions = Executors.newFixedThreadPool(50);
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      int syncsBefore = harness.syncer.syncs();
      harness.syncer.hold();
      List<Future<CompletableFuture<SpoolId>>> submitted = new ArrayList<>();
      for (int n = 0; n < 50; n++) {
        int message = n;
        submitted.add(sessions.submit(() ->
            spool.store(SpoolHarness.envelope(message), ByteBuffer.wrap(SpoolHarness.content(message, 4096)))));
      }
      List<CompletableFuture<SpoolId>> stores = new ArrayList<>();
      for (Future<CompletableFuture<SpoolId>> each : submitted) {
        stores.add(each.get());
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> harness.syncer.waiting() == 1);
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
          .until(() -> stores.stream().noneMatch(CompletableFuture::isDone));
      assertThat(spool.ids()).as("nothing is visible before its sync").isEmpty();

      harness.syncer.release();
      CompletableFuture.allOf(stores.toArray(CompletableFuture[]::new)).get();
      int syncs = harness.syncer.syncs() - syncsBefore;
      assertThat(syncs).as("syncs for 50 stores").isLessThan(50).isLessThanOrEqualTo(2);
      assertThat(spool.ids()).hasSize(50);
      assertThat(spool.counters().stored()).isEqualTo(50);
      assertThat(spool.counters().syncs()).isEqualTo(syncs);
    } finally {
      sessions.shutdownNow();
    }
  }

  @Test
  void onceSessionsStoreConcurrentlyTheWriterWaitsTheCommitDelayForMoreBeforeItsNextSync() throws Exception {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.with(harness.config().withCommitDelay(Duration.ofMillis(100))).open();
      // Two stores queued behind a held sync make one group commit of two: the writer now expects company.
      harness.syncer.hold();
      List<CompletableFuture<SpoolId>> warm = new ArrayList<>();
      warm.add(spool.store(SpoolHarness.envelope(1), ByteBuffer.wrap(SpoolHarness.content(1, 100))));
      await().atMost(Duration.ofSeconds(10)).until(() -> harness.syncer.waiting() == 1);
      warm.add(spool.store(SpoolHarness.envelope(2), ByteBuffer.wrap(SpoolHarness.content(2, 100))));
      warm.add(spool.store(SpoolHarness.envelope(3), ByteBuffer.wrap(SpoolHarness.content(3, 100))));
      harness.syncer.release();
      CompletableFuture.allOf(warm.toArray(CompletableFuture[]::new)).get();
      int syncsBefore = harness.syncer.syncs();

      // Ten stores in quick succession: the first one's sync waits the delay, so all ten share it.
      List<CompletableFuture<SpoolId>> stores = new ArrayList<>();
      for (int n = 10; n < 20; n++) {
        stores.add(spool.store(SpoolHarness.envelope(n), ByteBuffer.wrap(SpoolHarness.content(n, 100))));
      }
      CompletableFuture.allOf(stores.toArray(CompletableFuture[]::new)).get();

      assertThat(harness.syncer.syncs() - syncsBefore).isEqualTo(1);
      assertThat(spool.ids()).hasSize(13);
    }
  }

  @Test
  void aRemovalIsDurableOnlyAfterItsSync() throws IOException {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      SpoolId id = SpoolHarness.store(spool, 1, 100);
      harness.syncer.hold();
      CompletableFuture<Void> removal = spool.remove(id);
      await().atMost(Duration.ofSeconds(10)).until(() -> harness.syncer.waiting() == 1);
      assertThat(removal).isNotDone();
      assertThat(spool.ids()).as("gone from the index at once").isEmpty();
      harness.syncer.release();
      removal.join();
      assertThat(spool.counters().removed()).isEqualTo(1);
    }
  }
}
