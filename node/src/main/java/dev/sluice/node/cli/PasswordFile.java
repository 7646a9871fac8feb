package dev.sluice.node.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a password from a file, so that it never appears on a command line (where {@code ps} and shell
 * history would show it). The file holds the password in UTF-8; one trailing newline (LF or CRLF), as an
 * editor or {@code echo} leaves it, is not part of it. The caller owns, and should wipe, the result.
 */
final class PasswordFile {
  private PasswordFile() {}

  static char[] read(Path file, String option) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw CliException.refused(option + " " + file + " does not exist: write the password into that file");
    } catch (IOException e) {
      throw CliException.refused("cannot read " + option + " " + file + ": " + e.getMessage());
    }
    try {
      int end = bytes.length;
      if (end > 0 && bytes[end - 1] == '\n') {
        end--;
        if (end > 0 && bytes[end - 1] == '\r') {
          end--;
        }
      }
      if (end == 0) {
        throw CliException.refused(option + " " + file + " is empty: write the password into it");
      }
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, end));
      char[] password = Arrays.copyOf(chars.array(), chars.limit());
      Arrays.fill(chars.array(), '\0');
      return password;
    } catch (CharacterCodingException e) {
      throw CliException.refused(option + " " + file + " is not UTF-8 text");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
