package dev.sluice.node.delivery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Foreign connector's drop directory: each message is written as one {@code .eml} file, synced, and
 * renamed into place, and the rename counts as its delivery. A reader of the directory (the foreign system)
 * only ever sees whole files under the {@code .eml} name: the bytes go first to a dot-file, which it is to
 * leave alone, then {@code fsync}, then an atomic rename, then an {@code fsync} of the directory, so that a
 * crash at any moment leaves either no file or the whole one.
 *
 * <p>Thread-safe (each call uses its own files). A delivery that fails throws an {@link IOException} that
 * names the directory: the message stays queued and is retried, it is never lost. Delivering the same
 * message again (after a crash between the rename and the spool's removal) replaces its file with the same
 * bytes rather than making a second one, since the name is the message's internal id.
 */
public final class DropDirectory {
  /** What an internal message id may hold to be a file name as it is. */
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._@-]+");

  private final Path dir;

  public DropDirectory(Path dir) {
    this.dir = Objects.requireNonNull(dir, "a drop directory must be given");
  }

  /** Writes {@code content} as {@code <messageId>.eml}; returns the file, synced and in place. */
  public Path deliver(String messageId, ByteBuffer content) throws IOException {
    Path placed = place(messageId, content);
    syncDirectory();
    return placed;
  }

  /**
   * Writes and syncs {@code content} and renames it to {@code <messageId>.eml}, but leaves the directory
   * unsynced: a batch of messages then shares one {@link #syncDirectory}, and none of them counts as
   * delivered before it.
   */
  public Path place(String messageId, ByteBuffer content) throws IOException {
    String name = fileName(messageId);
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("drop directory " + dir + " is a file: give the Foreign connector a directory", e);
    }
    Path target = dir.resolve(name + ".eml");
    Path temporary = dir.resolve("." + name + ".tmp");
    try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = content.duplicate();
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      // A new file: fdatasync writes the size with the data, which is all reading it back needs.
      out.force(false);
    } catch (IOException e) {
      Files.deleteIfExists(temporary);
      throw new IOException("cannot write " + temporary + " in drop directory " + dir + ": " + e.getMessage(), e);
    }
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("drop directory " + dir + " cannot rename atomically: give it a local file system", e);
    }
    return target;
  }

  /** Syncs the directory, so that the renames before it survive a crash: the moment of delivery. */
  public void syncDirectory() throws IOException {
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    }
  }

  /** The file name for {@code messageId}: as it is when safe, else with every other character as {@code _XX}. */
  static String fileName(String messageId) {
    if (SAFE.matcher(messageId).matches() && !messageId.startsWith(".")) {
      return messageId;
    }
    StringBuilder out = new StringBuilder();
    for (char c : messageId.toCharArray()) {
      if (c < 128 && SAFE.matcher(String.valueOf(c)).matches() && !(out.length() == 0 && c == '.')) {
        out.append(c);
      } else {
        out.append('_').append(String.format("%02X", (int) c & 0xff));
      }
    }
    return out.toString();
  }
}
