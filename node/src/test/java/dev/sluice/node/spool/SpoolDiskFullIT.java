package dev.sluice.node.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F7 on a real, small file system: a 4 MiB tmpfs. Mounting it needs root (the CI runs as root);
 * without root the test fails and says so rather than skip.
 */
class SpoolDiskFullIT {
  private static final int SIZE = 16 << 10;

  @TempDir Path mountPoint;
  private boolean mounted;
  private SpoolHarness harness;

  @AfterEach
  void unmount() throws Exception {
    if (harness != null) {
      harness.close();
    }
    if (mounted) {
      run("umount", mountPoint.toString());
    }
  }

  private Path mount(String options) throws Exception {
    String uid = run("id", "-u").strip();
    if (!uid.equals("0")) {
      fail("SpoolDiskFullIT needs root to mount a small tmpfs (uid is " + uid + "); run it as root, as the CI does");
    }
    run("mount", "-t", "tmpfs", "-o", options, "tmpfs", mountPoint.toString());
    mounted = true;
    return mountPoint.resolve("spool");
  }

  @Test
  void belowMinFreeSpaceItAnswers452KeepsEverythingAndResumesWhenRemovalsFreeSpace() throws Exception {
    Path dir = mount("size=4m");
    harness = new SpoolHarness(dir);
    harness.with(harness.config().withMinFreeSpace(1 << 20).withSegmentSize(128 << 10));
    Spool spool = harness.open();
    Map<SpoolId, Integer> acknowledged = new LinkedHashMap<>();
    SpoolUnavailableException refused = fillUntilRefused(spool, acknowledged);
    assertThat(refused.state().condition()).isEqualTo(SpoolState.Condition.LOW_SPACE);
    assertThat(acknowledged).hasSizeGreaterThan(100);
    assertThat(spool.state().condition()).isEqualTo(SpoolState.Condition.LOW_SPACE);
    assertEveryMessageReadable(spool, acknowledged);

    List<SpoolId> oldest = new ArrayList<>(acknowledged.keySet()).subList(0, acknowledged.size() / 2);
    CompletableFuture.allOf(oldest.stream().map(spool::remove).toArray(CompletableFuture[]::new)).join();
    oldest.forEach(acknowledged::remove);
    await().atMost(Duration.ofSeconds(20)).until(() -> spool.state().accepting());
    acknowledged.put(SpoolHarness.store(spool, 9999, SIZE), 9999);
    assertThat(spool.counters().segmentsDeleted()).isPositive();
    spool.close();
    assertEveryMessageReadable(harness.open(), acknowledged);
  }

  @Test
  void whenTheDiskIsFullRemovalsAreRetriedAndAcceptanceResumesWhenSpaceReturns() throws Exception {
    Path dir = mount("size=4m");
    harness = new SpoolHarness(dir);
    Spool spool = harness.open();
    List<SpoolId> stored = new ArrayList<>();
    for (int n = 0; n < 300; n++) {
      stored.add(SpoolHarness.store(spool, n, 100));
    }
    Path filler = mountPoint.resolve("filler");
    fill(filler);
    assertThatThrownBy(() -> SpoolHarness.store(spool, 1000, 100)).hasCauseInstanceOf(SpoolUnavailableException.class);
    assertThat(spool.state().condition()).isEqualTo(SpoolState.Condition.LOW_SPACE);

    // Removals bypass the space check, so on the full disk their writes fail for real (ENOSPC):
    // 300 DELs of 22 bytes need pages the tmpfs no longer has. They are kept and retried.
    List<CompletableFuture<Void>> removals = stored.stream().map(spool::remove).toList();
    assertThat(spool.ids()).isEmpty();
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
        .until(() -> !removals.stream().allMatch(CompletableFuture::isDone));
    assertThat(removals).noneMatch(CompletableFuture::isCompletedExceptionally);

    Files.delete(filler);
    await().atMost(Duration.ofSeconds(20)).until(() -> spool.state().accepting());
    CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    SpoolId after = SpoolHarness.store(spool, 2000, SIZE);
    spool.close();
    Spool again = harness.open();
    assertThat(again.ids()).as("every removal durable, nothing resurrected").containsExactly(after);
    assertEveryMessageReadable(again, Map.of(after, 2000));
  }

  @Test
  void whenNoInodeIsLeftTheWriteOfANewSegmentFailsWith452AndNothingAcknowledgedIsLost() throws Exception {
    Path dir = mount("size=4m,nr_inodes=16");
    harness = new SpoolHarness(dir);
    harness.with(harness.config().withSegmentSize(64 << 10));
    Spool spool = harness.open();
    Map<SpoolId, Integer> acknowledged = new LinkedHashMap<>();
    acknowledged.put(SpoolHarness.store(spool, 0, SIZE), 0);
    List<Path> inodes = new ArrayList<>();
    for (int n = 0; n < 100; n++) {
      try {
        inodes.add(Files.createFile(mountPoint.resolve("inode-" + n)));
      } catch (IOException e) {
        break;
      }
    }
    assertThat(inodes).isNotEmpty().hasSizeLessThan(100);
    SpoolUnavailableException refused = fillUntilRefused(spool, acknowledged);
    assertThat(refused.getCause()).as("a real write failure, not the space check").isInstanceOf(IOException.class)
        .hasMessageContaining("No space left");
    assertThat(refused.state().condition()).isEqualTo(SpoolState.Condition.LOW_SPACE);
    assertThat(refused.state().usableBytes()).as("bytes are left, inodes are not").isGreaterThan(1 << 20);
    assertEveryMessageReadable(spool, acknowledged);

    for (Path inode : inodes) {
      Files.delete(inode);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> spool.state().accepting());
    acknowledged.put(SpoolHarness.store(spool, 500, SIZE), 500);
    spool.close();
    Spool again = harness.open();
    assertThat(again.ids()).containsExactlyInAnyOrderElementsOf(acknowledged.keySet());
    assertEveryMessageReadable(again, acknowledged);
  }

  private static SpoolUnavailableException fillUntilRefused(Spool spool, Map<SpoolId, Integer> acknowledged) {
    for (int n = 1; n < 1000; n++) {
      try {
        acknowledged.put(SpoolHarness.store(spool, n, SIZE), n);
      } catch (CompletionException e) {
        assertThat(e.getCause()).isInstanceOf(SpoolUnavailableException.class);
        return (SpoolUnavailableException) e.getCause();
      }
    }
    throw new AssertionError("a 4 MiB file system took 1000 messages of 16 KiB");
  }

  private static void assertEveryMessageReadable(Spool spool, Map<SpoolId, Integer> acknowledged) {
    for (Map.Entry<SpoolId, Integer> ack : acknowledged.entrySet()) {
      SpooledMessage message = spool.read(ack.getKey()).orElseThrow(() -> new AssertionError("lost " + ack));
      assertThat(message.contentBytes()).isEqualTo(SpoolHarness.content(ack.getValue(), SIZE));
    }
  }

  private static void fill(Path filler) throws IOException {
    byte[] chunk = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      for (int n = 0; n < 2048; n++) {
        out.write(chunk);
        out.flush();
      }
      throw new AssertionError("4 MiB tmpfs took 8 MiB");
    } catch (IOException e) {
      assertThat(e).hasMessageContaining("No space left");
    }
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      fail(String.join(" ", command) + " failed: " + output.strip());
    }
    return output;
  }
}
