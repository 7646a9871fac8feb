package dev.sluice.directory.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.zookeeper.WatchedEvent;
import org.junit.jupiter.api.Test;

/** The cache's version rules: late reads never win over newer data or a delete. */
class TreeVersionsTest {
  private final TreeVersions versions = new TreeVersions();

  @Test
  void anOlderOrEqualReadIsRefused() {
    assertThat(versions.put("/a", 5)).isTrue();
    assertThat(versions.put("/a", 4)).isFalse();
    assertThat(versions.put("/a", 5)).isFalse();
    assertThat(versions.put("/a", 6)).isTrue();
  }

  @Test
  void aReadTakenBeforeADeleteDoesNotResurrectTheZnode() {
    versions.put("/a", 5);
    assertThat(versions.delete("/a", 7)).isTrue();
    assertThat(versions.put("/a", 5)).isFalse();
    assertThat(versions.paths()).isEmpty();
    assertThat(versions.put("/a", 8)).as("created again after the delete").isTrue();
  }

  @Test
  void aLateDeleteDoesNotRemoveANewerVersion() {
    versions.put("/a", 9);
    assertThat(versions.delete("/a", 7)).isFalse();
    assertThat(versions.paths()).containsExactly("/a");
  }

  @Test
  void aDeleteOfUnknownZxidHoldsReadsBackUntilTheZnodeIsCreatedAgain() {
    versions.put("/a", 5);
    assertThat(versions.delete("/a", WatchedEvent.NO_ZXID)).isTrue();
    assertThat(versions.put("/a", 1_000)).isFalse();
    versions.created("/a", WatchedEvent.NO_ZXID);
    assertThat(versions.put("/a", 1_000)).isTrue();
  }

  @Test
  void aFullLoadForgetsTheDeleteMarkers() {
    versions.put("/a", 5);
    versions.delete("/a", 7);
    versions.forgetDeletes();
    assertThat(versions.put("/a", 5)).isTrue();
    versions.forget("/a");
    assertThat(versions.paths()).isEmpty();
  }
}
