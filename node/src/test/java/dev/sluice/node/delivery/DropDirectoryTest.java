package dev.sluice.node.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Foreign connector's drop directory on a real file system: whole files only, named by message id. */
class DropDirectoryTest {
  @TempDir Path root;

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aMessageIsOneWholeEmlFileNamedByItsIdAndNothingElseIsLeft() throws Exception {
    Path drop = root.resolve("drop");
    Path file = new DropDirectory(drop).deliver("19ad6f0c2a5.1@hub1.contoso.com", bytes("Subject: hi\r\n\r\nbody\r\n"));

    assertThat(file).isEqualTo(drop.resolve("19ad6f0c2a5.1@hub1.contoso.com.eml"));
    assertThat(Files.readString(file)).isEqualTo("Subject: hi\r\n\r\nbody\r\n");
    assertThat(names(drop)).containsExactly("19ad6f0c2a5.1@hub1.contoso.com.eml");
  }

  @Test
  void deliveringTheSameMessageAgainReplacesItsFileRatherThanAddingOne() throws Exception {
    DropDirectory drop = new DropDirectory(root);
    drop.deliver("m.1@x", bytes("first"));
    drop.deliver("m.1@x", bytes("again"));
    drop.deliver("m.2@x", bytes("other"));

    assertThat(names(root)).containsExactly("m.1@x.eml", "m.2@x.eml");
    assertThat(Files.readString(root.resolve("m.1@x.eml"))).isEqualTo("again");
  }

  @Test
  void anIdThatIsNoSafeFileNameIsEscapedAndCannotLeaveTheDirectory() {
    assertThat(DropDirectory.fileName("../../etc/passwd")).doesNotContain("/").doesNotStartWith(".");
    assertThat(DropDirectory.fileName("a b")).isEqualTo("a_20b");
  }

  @Test
  void aDropDirectoryThatIsAFileSaysWhatToFix() throws Exception {
    Path file = Files.writeString(root.resolve("not-a-dir"), "x");

    assertThatThrownBy(() -> new DropDirectory(file).deliver("m@x", bytes("y")))
        .isInstanceOf(IOException.class).hasMessageContaining("not-a-dir");
  }
}
