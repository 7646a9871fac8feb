package dev.sluice.node.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolRotationTest {
  @TempDir Path dir;

  @Test
  void segmentsRotateAndGoOnlyWhenNothingInThemMattersAnyMore() throws IOException {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      harness.with(harness.config().withSegmentSize(4096));
      Spool spool = harness.open();
      List<SpoolId> ids = new ArrayList<>();
      for (int n = 0; n < 60; n++) {
        ids.add(SpoolHarness.store(spool, n, 900));
      }
      assertThat(harness.segments()).as("rotated at 4 KiB").hasSizeGreaterThan(10);

      List<SpoolId> order = new ArrayList<>(ids);
      Collections.shuffle(order, new Random(7));
      List<SpoolId> kept = new ArrayList<>(order.subList(40, 60));
      List<CompletableFuture<Void>> removals = new ArrayList<>();
      for (SpoolId id : order.subList(0, 40)) {
        removals.add(spool.remove(id));
      }
      CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new)).join();
      spool.close();
      Collections.sort(kept);

      Spool again = harness.open();
      assertThat(again.ids()).as("no removal lost, no message resurrected").containsExactlyElementsOf(kept);
      for (SpoolId id : kept) {
        int n = ids.indexOf(id);
        assertThat(again.read(id).orElseThrow().contentBytes()).isEqualTo(SpoolHarness.content(n, 900));
      }
      for (SpoolId id : kept) {
        again.remove(id).join();
      }
      // Removing the last messages leaves only segments holding their DELs, then the active one.
      SpoolHarness.store(again, 100, 3500);
      SpoolHarness.store(again, 101, 3500);
      assertThat(again.counters().segmentsDeleted()).isPositive();
      again.close();

      Spool last = harness.open();
      assertThat(last.ids()).hasSize(2);
      assertThat(harness.segments()).as("empty and dead segments are deleted").hasSizeLessThanOrEqualTo(4);
    }
  }

  @Test
  void aCompletionInANewerSegmentKeepsThatSegmentWhileItsMessageLives() throws IOException {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      harness.with(harness.config().withSegmentSize(4096));
      Spool spool = harness.open();
      // Alone in segment 1, so that no DEL of a neighbour keeps a later segment for it.
      SpoolId old = SpoolHarness.store(spool, 0, 3500);
      List<SpoolId> others = new ArrayList<>();
      for (int n = 1; n < 8; n++) {
        others.add(SpoolHarness.store(spool, n, 900));
      }
      spool.complete(old, List.of("rcpt0@contoso.com")).join();
      Path firstDone = harness.lastSegment();
      for (int n = 8; n < 16; n++) {
        others.add(SpoolHarness.store(spool, n, 900));
      }
      // A second completion carries both recipients: the first one's segment may go.
      spool.complete(old, List.of("other0@fabrikam.com")).join();
      Path secondDone = harness.lastSegment();
      assertThat(secondDone).isNotEqualTo(firstDone);
      for (SpoolId id : others) {
        spool.remove(id).join();
      }
      for (int n = 20; n < 30; n++) {
        spool.remove(SpoolHarness.store(spool, n, 900)).join();
      }
      assertThat(harness.segment(1)).as("holds the live PUT").exists();
      assertThat(secondDone).as("holds the live message's newest DONE").exists();
      assertThat(firstDone).as("superseded, and nothing else in it lives").doesNotExist();
      assertThat(harness.segments()).as("everything else went").hasSizeLessThanOrEqualTo(4);
      spool.close();

      Spool again = harness.open();
      assertThat(again.ids()).containsExactly(old);
      assertThat(again.read(old).orElseThrow().completed())
          .containsExactlyInAnyOrder("rcpt0@contoso.com", "other0@fabrikam.com");
      assertThat(again.read(old).orElseThrow().contentBytes()).isEqualTo(SpoolHarness.content(0, 3500));

      // A live message in the DONE's segment keeps it after the old message goes: recovery then reads a
      // DONE whose PUT is gone, and ignores it.
      SpoolId neighbour = SpoolHarness.store(again, 40, 10);
      again.complete(old, List.of("third@contoso.com")).join();
      Path doneNextToNeighbour = harness.lastSegment();
      assertThat(again.read(neighbour)).isPresent();
      again.remove(old).join();
      for (int n = 50; n < 60; n++) {
        again.remove(SpoolHarness.store(again, n, 900)).join();
      }
      assertThat(harness.segment(1)).as("the old PUT went").doesNotExist();
      assertThat(doneNextToNeighbour).exists();
      again.close();
      Spool last = harness.open();
      assertThat(last.ids()).containsExactly(neighbour);
      assertThat(harness.quarantined()).isEmpty();
    }
  }
}
