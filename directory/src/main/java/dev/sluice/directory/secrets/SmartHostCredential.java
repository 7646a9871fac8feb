package dev.sluice.directory.secrets;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The user name and password a Send connector gives a smart host in AUTH, as sealed under
 * {@code /secrets}.
 *
 * <p>{@link #toString()} hides the password. The encoding is a format byte (1), then the user name and the
 * password, each as a 4-byte big-endian length and that many bytes of UTF-8: unambiguous whatever either
 * holds. {@link #decode} refuses anything else with an {@link IllegalArgumentException} that says what is
 * wrong, never what the bytes were.
 *
 * @param username the user name, not empty
 * @param password the password, possibly empty
 */
public record SmartHostCredential(String username, String password) {
  private static final byte FORMAT = 1;
  private static final int LENGTH_BYTES = Integer.BYTES;

  public SmartHostCredential {
    Objects.requireNonNull(username, "smart host user name must be given");
    if (username.isEmpty()) {
      throw new IllegalArgumentException("smart host user name must not be empty");
    }
    Objects.requireNonNull(password, "password of smart host user " + username + " must be given");
    // AUTH PLAIN (RFC 4616) separates its fields with NUL, so a NUL in either could not be sent.
    if (username.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("smart host user name must not contain NUL (RFC 4616)");
    }
    if (password.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("password of smart host user " + username + " must not contain NUL"
          + " (RFC 4616)");
    }
  }

  /** The bytes to seal; the caller should wipe them once sealed. */
  public byte[] encode() {
    byte[] user = utf8("user name", username);
    byte[] pass = utf8("password", password);
    try {
      return ByteBuffer.allocate(1 + LENGTH_BYTES + user.length + LENGTH_BYTES + pass.length)
          .put(FORMAT)
          .putInt(user.length).put(user)
          .putInt(pass.length).put(pass)
          .array();
    } finally {
      Arrays.fill(pass, (byte) 0);
    }
  }

  /** Reads what {@link #encode()} wrote. */
  public static SmartHostCredential decode(byte[] encoded) {
    Objects.requireNonNull(encoded, "the encoded smart host credential must be given");
    ByteBuffer in = ByteBuffer.wrap(encoded);
    if (!in.hasRemaining()) {
      throw new IllegalArgumentException("smart host credential is empty");
    }
    byte format = in.get();
    if (format != FORMAT) {
      throw new IllegalArgumentException("smart host credential has format " + format + "; this version reads "
          + FORMAT + " only");
    }
    String username = field(in, "user name");
    String password = field(in, "password");
    if (in.hasRemaining()) {
      throw new IllegalArgumentException("smart host credential has " + in.remaining()
          + " bytes after its password");
    }
    return new SmartHostCredential(username, password);
  }

  @Override
  public String toString() {
    return "SmartHostCredential[username=" + username + ", password=(hidden)]";
  }

  private static byte[] utf8(String field, String value) {
    try {
      ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(value));
      byte[] exact = Arrays.copyOf(bytes.array(), bytes.limit());
      Arrays.fill(bytes.array(), (byte) 0);
      return exact;
    } catch (CharacterCodingException e) {
      // getBytes would silently turn a lone surrogate into '?', and the smart host would refuse the password.
      throw new IllegalArgumentException("smart host " + field + " is not valid Unicode (a lone surrogate)", e);
    }
  }

  private static String field(ByteBuffer in, String field) {
    if (in.remaining() < LENGTH_BYTES) {
      throw new IllegalArgumentException("smart host credential ends before the length of its " + field);
    }
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("smart host credential gives its " + field + " " + length
          + " bytes, but " + in.remaining() + " remain");
    }
    ByteBuffer bytes = in.slice(in.position(), length);
    in.position(in.position() + length);
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(bytes);
      String value = chars.toString();
      Arrays.fill(chars.array(), '\0');
      return value;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("smart host credential's " + field + " is not UTF-8", e);
    }
  }
}
