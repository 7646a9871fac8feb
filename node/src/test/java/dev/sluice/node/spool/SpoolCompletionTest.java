package dev.sluice.node.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-recipient completion: durable with the group commit, shown by read, and across restarts. */
class SpoolCompletionTest {
  @TempDir Path dir;

  private static String first(int n) {
    return "rcpt" + n + "@contoso.com";
  }

  private static String second(int n) {
    return "other" + n + "@fabrikam.com";
  }

  @Test
  void aCompletionIsReadBackAndSurvivesReopenAndTheLastOneDoesNotRemoveTheMessage() throws IOException {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      SpoolId one = SpoolHarness.store(spool, 1, 300);
      SpoolId two = SpoolHarness.store(spool, 2, 300);
      assertThat(spool.read(one).orElseThrow().completed()).isEmpty();
      assertThat(spool.read(one).orElseThrow().remaining()).isEqualTo(SpoolHarness.envelope(1).recipients());

      spool.complete(one, List.of(second(1))).join();
      SpooledMessage read = spool.read(one).orElseThrow();
      assertThat(read.completed()).containsExactly(second(1));
      assertThat(read.remaining()).extracting(Recipient::address).containsExactly(first(1));
      spool.complete(two, List.of(first(2), second(2))).join();
      assertThat(spool.read(two).orElseThrow().remaining()).as("done, but only remove removes").isEmpty();
      assertThat(spool.ids()).containsExactly(one, two);
      spool.close();

      Spool again = harness.open();
      assertThat(again.ids()).containsExactly(one, two);
      assertThat(again.read(one).orElseThrow().completed()).containsExactly(second(1));
      assertThat(again.read(two).orElseThrow().completed()).containsExactlyInAnyOrder(first(2), second(2));
      assertThat(again.read(one).orElseThrow().contentBytes()).isEqualTo(SpoolHarness.content(1, 300));

      again.complete(one, List.of(first(1))).join();
      again.close();
      assertThat(harness.open().read(one).orElseThrow().completed())
          .as("a second completion adds to the first").containsExactlyInAnyOrder(first(1), second(1));
    }
  }

  @Test
  void aCompletionWhoseSyncIsHeldIsNotReportedDone() throws IOException {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      SpoolId id = SpoolHarness.store(spool, 1, 100);
      harness.syncer.hold();
      CompletableFuture<Void> completion = spool.complete(id, List.of(first(1)));
      await().atMost(Duration.ofSeconds(10)).until(() -> harness.syncer.waiting() == 1);
      assertThat(completion).isNotDone();
      assertThat(spool.read(id).orElseThrow().completed()).as("not done before its sync").isEmpty();
      harness.syncer.release();
      completion.join();
      assertThat(spool.read(id).orElseThrow().completed()).containsExactly(first(1));
    }
  }

  @Test
  void completionsOfOneBatchShareItsSyncAndMergeToOneRecord() throws IOException {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      SpoolId id = SpoolHarness.store(spool, 1, 100);
      SpoolId other = SpoolHarness.store(spool, 2, 100);
      harness.syncer.hold();
      CompletableFuture<SpoolId> store = spool.store(SpoolHarness.envelope(3),
          ByteBuffer.wrap(SpoolHarness.content(3, 100)));
      await().atMost(Duration.ofSeconds(10)).until(() -> harness.syncer.waiting() == 1);
      int syncs = harness.syncer.syncs();
      long before = Files.size(harness.segment(1));
      List<CompletableFuture<Void>> completions = List.of(spool.complete(id, List.of(first(1))),
          spool.complete(id, List.of(second(1))), spool.complete(other, List.of(first(2))));
      harness.syncer.release();
      store.join();
      CompletableFuture.allOf(completions.toArray(CompletableFuture[]::new)).join();

      assertThat(harness.syncer.syncs() - syncs).as("the syncs of the held store and the three completions")
          .isEqualTo(2);
      long doneOfTwo = RecordCodec.done(1, List.of(first(1), second(1))).remaining();
      long doneOfOne = RecordCodec.done(2, List.of(first(2))).remaining();
      assertThat(Files.size(harness.segment(1)) - before).isEqualTo(doneOfTwo + doneOfOne);
      assertThat(spool.read(id).orElseThrow().completed()).containsExactlyInAnyOrder(first(1), second(1));
    }
  }

  @Test
  void aCompletionOfAnUnknownOrRemovedMessageIsHarmless() throws IOException {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      SpoolId removed = SpoolHarness.store(spool, 1, 100);
      SpoolId racing = SpoolHarness.store(spool, 2, 100);
      SpoolId kept = SpoolHarness.store(spool, 3, 100);
      spool.remove(removed).join();
      int syncs = harness.syncer.syncs();
      assertThat(spool.complete(removed, List.of(first(1)))).as("unknown: at once").isCompleted();
      assertThat(spool.complete(new SpoolId(12345), List.of("x@y"))).isCompleted();
      assertThat(harness.syncer.syncs()).isEqualTo(syncs);

      // A completion and the removal of the same message in one batch: the DONE is written for a message
      // its own DEL cancels.
      harness.syncer.hold();
      CompletableFuture<Void> blocker = spool.complete(kept, List.of(first(3)));
      await().atMost(Duration.ofSeconds(10)).until(() -> harness.syncer.waiting() == 1);
      CompletableFuture<Void> completion = spool.complete(racing, List.of(first(2)));
      CompletableFuture<Void> removal = spool.remove(racing);
      harness.syncer.release();
      CompletableFuture.allOf(blocker, completion, removal).join();
      assertThat(spool.read(racing)).isEmpty();
      spool.close();

      Spool again = harness.open();
      assertThat(again.ids()).containsExactly(kept);
      assertThat(again.read(kept).orElseThrow().completed()).containsExactly(first(3));
      assertThat(harness.quarantined()).isEmpty();
    }
  }

  @Test
  void aTornCompletionAtTheTailIsTruncatedAtEveryCutAndTheMessageKept() throws IOException {
    Path original = dir.resolve("original");
    long before;
    long after;
    SpoolId id;
    try (SpoolHarness harness = new SpoolHarness(original)) {
      Spool spool = harness.open();
      SpoolHarness.store(spool, 0, 200);
      id = SpoolHarness.store(spool, 1, 200);
      before = Files.size(harness.segment(1));
      spool.complete(id, List.of(first(1), second(1))).join();
      after = Files.size(harness.segment(1));
      spool.close();
    }
    assertThat(after - before).isGreaterThan(RecordCodec.HEADER);
    for (long cut = before; cut < after; cut++) {
      Path copy = dir.resolve("cut-" + cut);
      Path segment = SpoolHarness.cutCopy(original, copy, cut);
      try (SpoolHarness harness = new SpoolHarness(copy)) {
        Spool spool = harness.open();
        assertThat(spool.ids()).as("cut at %d", cut).hasSize(2).contains(id);
        assertThat(spool.read(id).orElseThrow().completed()).as("cut at %d", cut).isEmpty();
        assertThat(Files.size(segment)).as("torn tail truncated").isEqualTo(before);
        assertThat(harness.quarantined()).as("a torn record is not damage").isEmpty();
      }
    }
  }

  @Test
  void aDamagedCompletionInTheMiddleIsQuarantinedAndItsRecipientsAreNotDone() throws IOException {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      SpoolId id = SpoolHarness.store(spool, 1, 200);
      long offset = Files.size(harness.segment(1));
      spool.complete(id, List.of(first(1))).join();
      SpoolId later = SpoolHarness.store(spool, 2, 200);
      spool.complete(later, List.of(second(2))).join();
      spool.close();
      SpoolRecoveryTest.flip(harness.segment(1), offset + RecordCodec.HEADER + 6);

      Spool again = harness.open();
      assertThat(again.ids()).containsExactly(id, later);
      assertThat(again.read(id).orElseThrow().completed()).isEmpty();
      assertThat(again.read(later).orElseThrow().completed()).isEqualTo(Set.of(second(2)));
      assertThat(harness.quarantined()).hasSize(1);
    }
  }
}
