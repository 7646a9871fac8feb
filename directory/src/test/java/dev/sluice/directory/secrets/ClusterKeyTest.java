package dev.sluice.directory.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

class ClusterKeyTest {
  private static final String KEY_OF_ZEROS = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

  @TempDir
  Path dir;

  @Test
  void generatesAnOwnerOnlyKeyFileWithItsDirectories() throws IOException {
    Path file = dir.resolve("etc/sluice/cluster.key");

    ClusterKey key = ClusterKey.loadOrGenerate(file);

    String line = Files.readString(file);
    assertThat(line).endsWith("\n");
    assertThat(Base64.getDecoder().decode(line.strip())).hasSize(32);
    assertThat(key.keyId()).matches("[0-9a-f]{16}");
    assertThat(ClusterKey.load(file).keyId()).isEqualTo(key.keyId());
    assumeTrue(isPosix());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void reusesTheKeyFileOnTheSecondStart() throws IOException {
    Path file = dir.resolve("cluster.key");
    ClusterKey first = ClusterKey.loadOrGenerate(file);
    String content = Files.readString(file);

    ClusterKey second = ClusterKey.loadOrGenerate(file);

    assertThat(second.keyId()).isEqualTo(first.keyId());
    assertThat(Files.readString(file)).isEqualTo(content);
  }

  @Test
  void neverReplacesAnExistingKeyFile() throws IOException {
    Path file = dir.resolve("cluster.key");
    Files.writeString(file, "too short\n");

    assertThatThrownBy(() -> ClusterKey.loadOrGenerate(file)).isInstanceOf(SecretException.class);
    assertThat(Files.readString(file)).isEqualTo("too short\n");
  }

  @Test
  void racingStartsAgreeOnOneKey() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 20; round++) {
        Path file = dir.resolve("round-" + round).resolve("cluster.key");
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<ClusterKey>> keys = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          keys.add(pool.submit(() -> {
            start.await();
            return ClusterKey.loadOrGenerate(file);
          }));
        }

        List<String> keyIds = new ArrayList<>();
        for (Future<ClusterKey> key : keys) {
          keyIds.add(key.get().keyId());
        }

        assertThat(keyIds).as("round %d", round).containsOnly(ClusterKey.load(file).keyId());
        try (Stream<Path> left = Files.list(file.getParent())) {
          assertThat(left).as("no temporary files left").containsExactly(file);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void loadsAKeyWithACrlfLineEnd() throws IOException {
    Path unix = dir.resolve("unix.key");
    Path windows = dir.resolve("windows.key");
    String base64 = Base64.getEncoder().encodeToString(new byte[32]);
    Files.writeString(unix, base64 + "\n");
    Files.writeString(windows, base64 + "\r\n");

    assertThat(ClusterKey.load(windows).keyId()).isEqualTo(ClusterKey.load(unix).keyId());
  }

  @Test
  void aKeyIdNamesTheKeyWithoutShowingIt() throws IOException {
    byte[] material = new byte[32];
    new SecureRandom().nextBytes(material);
    Path file = dir.resolve("cluster.key");
    Files.writeString(file, Base64.getEncoder().encodeToString(material));

    ClusterKey key = ClusterKey.load(file);

    assertThat(key.toString()).isEqualTo("ClusterKey[" + key.keyId() + "]");
    assertThat(key.keyId()).doesNotContain(HexFormat.of().formatHex(material, 0, 4));
    assertThat(ClusterKey.generate(new SecureRandom()).keyId()).isNotEqualTo(key.keyId());
  }

  @Test
  void refusesAMissingFile() {
    Path file = dir.resolve("absent.key");

    assertThatThrownBy(() -> ClusterKey.load(file))
        .isInstanceOf(SecretException.class)
        .hasMessage("cluster key file " + file + " does not exist: copy the cluster's key file there");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a 16-byte key   | AAAAAAAAAAAAAAAAAAAAAA==\\n | holds a key of 16 bytes, an AES-256 key has 32: put the"
            + " cluster's key file there",
        "text            | secret-key-in-clear!\\n     | is not base64: it must hold one line, the base64 of 32"
            + " random bytes",
        "two lines       | " + KEY_OF_ZEROS + "\\n" + KEY_OF_ZEROS + "\\n | is not base64: it must hold one line, the"
            + " base64 of 32 random bytes",
        "a newline only  | \\n                         | is empty: it must hold one line, the base64 of 32 random bytes"
      })
  void refusesAMalformedFile(String name, String content, String problem) throws IOException {
    Path file = dir.resolve("cluster.key");
    Files.writeString(file, content.replace("\\n", "\n"));

    assertThatThrownBy(() -> ClusterKey.load(file))
        .isInstanceOf(SecretException.class)
        .hasMessage("cluster key file " + file + " " + problem)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-key-in-clear"));
  }

  @Test
  void warnsWhenGroupOrOthersMayReadTheFile() throws IOException {
    assumeTrue(isPosix());
    Path file = dir.resolve("cluster.key");
    Files.writeString(file, Base64.getEncoder().encodeToString(new byte[32]));
    Logger logger = (Logger) LoggerFactory.getLogger(ClusterKey.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      ClusterKey.load(file);
      assertThat(appender.list).isEmpty();

      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
      ClusterKey.load(file);
      assertThat(appender.list).singleElement()
          .extracting(ILoggingEvent::getFormattedMessage)
          .asString()
          .startsWith("cluster key file " + file + " is open to group or others (rw-r-----)")
          .endsWith("chmod 600 it");
    } finally {
      logger.detachAppender(appender);
    }
  }

  private boolean isPosix() {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
