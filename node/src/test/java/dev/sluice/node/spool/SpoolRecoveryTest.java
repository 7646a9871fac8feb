package dev.sluice.node.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolRecoveryTest {
  @TempDir Path dir;

  @Test
  void everyStoredMessageIsThereAfterReopenWithItsExactEnvelopeAndBytes() throws IOException {
    List<SpoolId> ids = new ArrayList<>();
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      for (int n = 0; n < 40; n++) {
        ids.add(SpoolHarness.store(spool, n, 100 + n * 37));
      }
      spool.close();
      Spool again = harness.open();
      assertThat(again.ids()).containsExactlyElementsOf(ids);
      for (int n = 0; n < 40; n++) {
        SpooledMessage message = again.read(ids.get(n)).orElseThrow();
        assertThat(message.envelope()).isEqualTo(SpoolHarness.envelope(n));
        assertThat(message.contentBytes()).isEqualTo(SpoolHarness.content(n, 100 + n * 37));
      }
      SpoolId next = SpoolHarness.store(again, 99, 10);
      assertThat(next).isGreaterThan(ids.get(39));
    }
  }

  @Test
  void removalsSurviveReopen() throws IOException {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      List<SpoolId> ids = new ArrayList<>();
      for (int n = 0; n < 10; n++) {
        ids.add(SpoolHarness.store(spool, n, 500));
      }
      spool.remove(ids.get(2)).join();
      spool.remove(ids.get(7)).join();
      spool.remove(ids.get(7)).join();
      assertThat(spool.read(ids.get(2))).isEmpty();
      spool.close();
      Spool again = harness.open();
      List<SpoolId> expected = new ArrayList<>(ids);
      expected.remove(7);
      expected.remove(2);
      assertThat(again.ids()).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aTornTailOfTheLastSegmentLosesOnlyTheTornRecordAtEveryCut() throws IOException {
    Path original = dir.resolve("original");
    long before;
    long after;
    List<SpoolId> ids = new ArrayList<>();
    try (SpoolHarness harness = new SpoolHarness(original)) {
      Spool spool = harness.open();
      for (int n = 0; n < 4; n++) {
        ids.add(SpoolHarness.store(spool, n, 200));
      }
      before = Files.size(harness.segment(1));
      SpoolHarness.store(spool, 4, 200);
      after = Files.size(harness.segment(1));
      spool.close();
    }
    assertThat(after - before).isGreaterThan(200);
    for (long cut = before; cut < after; cut++) {
      Path copy = dir.resolve("cut-" + cut);
      Path segment = SpoolHarness.cutCopy(original, copy, cut);
      try (SpoolHarness harness = new SpoolHarness(copy)) {
        Spool spool = harness.open();
        assertThat(spool.ids()).as("cut at %d", cut).containsExactlyElementsOf(ids);
        assertThat(spool.read(ids.get(3)).orElseThrow().contentBytes()).isEqualTo(SpoolHarness.content(3, 200));
        assertThat(Files.size(segment)).as("torn tail truncated").isEqualTo(before);
        assertThat(harness.quarantined()).as("a torn record is not damage").isEmpty();
      }
    }
  }

  @Test
  void aDamagedRecordInTheMiddleIsQuarantinedAndEveryOtherRecovered() throws IOException {
    List<SpoolId> ids = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      for (int n = 0; n < 10; n++) {
        offsets.add(Files.size(harness.segment(1)));
        ids.add(SpoolHarness.store(spool, n, 300));
      }
      spool.close();
      flip(harness.segment(1), offsets.get(4) + 150);
      flip(harness.segment(1), offsets.get(7) + 7);

      Spool again = harness.open();
      List<SpoolId> expected = new ArrayList<>(ids);
      expected.remove(7);
      expected.remove(4);
      assertThat(again.ids()).containsExactlyElementsOf(expected);
      for (int n : new int[] {3, 5, 6, 8, 9}) {
        assertThat(again.read(ids.get(n)).orElseThrow().contentBytes()).isEqualTo(SpoolHarness.content(n, 300));
      }
      assertThat(harness.quarantined()).hasSize(1);
      assertThat(Files.mismatch(harness.quarantined().get(0), harness.segment(1))).isEqualTo(-1);
      assertThat(SpoolHarness.store(again, 11, 300)).isNotNull();
      again.close();

      harness.open();
      assertThat(harness.quarantined()).as("the same damage is copied once").hasSize(1);
    }
  }

  @Test
  void aRecordDamagedAfterRecoveryIsReportedOnRead() throws IOException {
    try (SpoolHarness harness = new SpoolHarness(dir)) {
      Spool spool = harness.open();
      SpoolId first = SpoolHarness.store(spool, 1, 300);
      SpoolId second = SpoolHarness.store(spool, 2, 300);
      flip(harness.segment(1), 100);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> spool.read(first))
          .isInstanceOf(SpoolCorruptionException.class).hasMessageContaining(first.toString());
      assertThat(spool.read(second)).isPresent();
    }
  }

  static void flip(Path file, long position) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, position);
      one.put(0, (byte) (one.get(0) ^ 0xff)).rewind();
      channel.write(one, position);
    }
  }
}
