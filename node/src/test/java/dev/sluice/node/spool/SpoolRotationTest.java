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
}
