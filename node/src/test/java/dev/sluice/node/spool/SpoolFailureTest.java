package dev.sluice.node.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** F7 by a failing sync (EIO) and by spool.min-free-space; the real full disk is SpoolDiskFullIT. */
class SpoolFailureTest {
  @TempDir Path dir;

  @Test
  void aFailedSyncRefusesItsBatchKeepsWhatWasSyncedAndResumesByItself() throws IOException {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      List<SpoolId> acknowledged = new ArrayList<>();
      for (int n = 0; n < 3; n++) {
        acknowledged.add(SpoolHarness.store(spool, n, 1000));
      }
      long synced = Files.size(harness.segment(1));
      harness.syncer.failWith("Input/output error");
      CompletableFuture<SpoolId> failed = spool.store(SpoolHarness.envelope(3), ByteBuffer.wrap(SpoolHarness.content(3, 1000)));
      assertThatThrownBy(failed::join).isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(SpoolUnavailableException.class).hasMessageContaining("FAILED");
      assertThat(spool.state().condition()).isEqualTo(SpoolState.Condition.FAILED);
      assertThat(Files.size(harness.segment(1))).as("the failed tail is truncated").isEqualTo(synced);
      assertThatThrownBy(() -> SpoolHarness.store(spool, 4, 10)).hasCauseInstanceOf(SpoolUnavailableException.class);
      assertThat(spool.read(acknowledged.get(2))).as("reads go on").isPresent();

      harness.syncer.heal();
      await().atMost(Duration.ofSeconds(10)).until(() -> spool.state().accepting());
      acknowledged.add(SpoolHarness.store(spool, 5, 1000));
      assertThat(spool.counters().refused()).isEqualTo(2);
      spool.close();
      assertThat(harness.open().ids()).containsExactlyElementsOf(acknowledged);
    }
  }

  @Test
  void belowMinFreeSpaceNothingIsTakenButReadsAndRemovalsGoOn() throws IOException {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      SpoolId first = SpoolHarness.store(spool, 1, 100);
      SpoolId second = SpoolHarness.store(spool, 2, 100);
      spool.close();
      long usable = Files.getFileStore(dir).getUsableSpace();
      harness.with(harness.config().withMinFreeSpace(usable + (1L << 40)));
      Spool full = harness.open();
      assertThat(full.state().condition()).isEqualTo(SpoolState.Condition.LOW_SPACE);
      assertThat(full.state().detail()).contains("spool.min-free-space");
      assertThatThrownBy(() -> SpoolHarness.store(full, 3, 100)).hasCauseInstanceOf(SpoolUnavailableException.class)
          .hasMessageContaining("LOW_SPACE");
      assertThat(full.read(first).orElseThrow().envelope()).isEqualTo(SpoolHarness.envelope(1));
      full.remove(first).join();
      full.close();
      harness.with(harness.config().withMinFreeSpace(0));
      assertThat(harness.open().ids()).containsExactly(second);
    }
  }

  @Test
  void closeWritesWhatIsQueuedAndRefusesWhatComesAfter() throws IOException {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      CompletableFuture<SpoolId> queued = spool.store(SpoolHarness.envelope(1), ByteBuffer.wrap(SpoolHarness.content(1, 10)));
      spool.close();
      spool.close();
      assertThat(queued).isCompleted();
      assertThat(spool.state().condition()).isEqualTo(SpoolState.Condition.CLOSED);
      assertThatThrownBy(() -> SpoolHarness.store(spool, 2, 10)).hasCauseInstanceOf(SpoolUnavailableException.class);
      assertThat(harness.open().ids()).containsExactly(queued.join());
    }
  }
}
