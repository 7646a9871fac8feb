package dev.sluice.directory.secrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's AES-256 key, which seals the secrets under {@code /secrets}, known by a key id that names
 * it without revealing it.
 *
 * <p>Immutable and thread-safe. A key file holds one line, the base64 of 32 bytes. {@link #load} fails with
 * a {@link SecretException} naming the file when it is missing, unreadable or malformed, and warns when group
 * or others have access to it on a POSIX file system; {@link #loadOrGenerate} (the open development mode)
 * creates the file when it is missing and never replaces one. Neither the key nor the file's content appears
 * in a message, a log line or {@link #toString()}.
 */
public final class ClusterKey {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterKey.class);
  private static final int KEY_BYTES = 32;
  /** 64 bits of a hash: enough to tell a cluster's keys apart, far too few to learn anything of the key. */
  private static final int KEY_ID_BYTES = 8;
  private static final String DERIVED_ALGORITHM = "HmacSHA256";
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private final SecretKey key;
  private final String keyId;

  private ClusterKey(byte[] material) {
    this.key = new SecretKeySpec(material, "AES");
    this.keyId = keyIdOf(material);
  }

  /** A new random key, held in memory only. */
  public static ClusterKey generate(SecureRandom random) {
    Objects.requireNonNull(random, "a SecureRandom must be given to generate a cluster key");
    byte[] material = new byte[KEY_BYTES];
    random.nextBytes(material);
    try {
      return new ClusterKey(material);
    } finally {
      Arrays.fill(material, (byte) 0);
    }
  }

  /** Reads the key file that every node of the cluster shares. */
  public static ClusterKey load(Path file) {
    Objects.requireNonNull(file, "the cluster key file must be given");
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new SecretException("cluster key file " + file + " does not exist: copy the cluster's key file there", e);
    } catch (IOException e) {
      throw new SecretException("cannot read cluster key file " + file + ": " + e.getMessage(), e);
    }
    try {
      ClusterKey key = parse(file, content);
      warnIfShared(file);
      return key;
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  /**
   * Reads the key file, or, when there is none, generates a key and writes it there with owner-only access,
   * creating the directories on the way. Of processes that start together on one file, one key wins and the
   * others read it.
   */
  public static ClusterKey loadOrGenerate(Path file) {
    Objects.requireNonNull(file, "the cluster key file must be given");
    if (Files.exists(file)) {
      return load(file);
    }
    Path target = file.toAbsolutePath();
    byte[] material = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(material);
    byte[] encoded = Base64.getEncoder().encode(material);
    byte[] line = Arrays.copyOf(encoded, encoded.length + 1);
    line[encoded.length] = '\n';
    Arrays.fill(encoded, (byte) 0);
    Path temp = null;
    try {
      ClusterKey generated = new ClusterKey(material);
      Files.createDirectories(target.getParent());
      temp = createOwnerOnlyTemp(target);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(line));
        channel.force(true);
      }
      if (!publish(temp, target)) {
        return load(target);
      }
      LOG.info("generated cluster key {} in {} (development mode): every node of the cluster needs this file",
          generated.keyId, target);
      return generated;
    } catch (IOException e) {
      throw new SecretException("cannot create cluster key file " + target + ": " + e.getMessage()
          + "; make its directory writable, or put the cluster's key file there", e);
    } finally {
      Arrays.fill(material, (byte) 0);
      Arrays.fill(line, (byte) 0);
      deleteQuietly(temp);
    }
  }

  /** The key's id: hex of the first bytes of its SHA-256, stored with each secret it seals. */
  public String keyId() {
    return keyId;
  }

  /**
   * An HMAC-SHA256 key for {@code purpose} (such as {@code "admin-endpoint"}), derived from this key as
   * HMAC-SHA256(key, "sluice/" + purpose): whoever holds the cluster key file can derive it, and a derived
   * key, seen or misused, reveals neither the AES key nor the key of another purpose.
   */
  public SecretKey derive(String purpose) {
    Objects.requireNonNull(purpose, "the purpose of a derived key must be given");
    byte[] material = key.getEncoded();
    byte[] derived = null;
    try {
      Mac mac = Mac.getInstance(DERIVED_ALGORITHM);
      mac.init(new SecretKeySpec(material, DERIVED_ALGORITHM));
      derived = mac.doFinal(("sluice/" + purpose).getBytes(StandardCharsets.UTF_8));
      return new SecretKeySpec(derived, DERIVED_ALGORITHM);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no " + DERIVED_ALGORITHM + ", which every Java platform must provide", e);
    } finally {
      Arrays.fill(material, (byte) 0);
      if (derived != null) {
        Arrays.fill(derived, (byte) 0); // SecretKeySpec keeps its own copy
      }
    }
  }

  /** The key itself, for {@link SecretBox} only. */
  SecretKey secretKey() {
    return key;
  }

  @Override
  public String toString() {
    return "ClusterKey[" + keyId + "]";
  }

  private static ClusterKey parse(Path file, byte[] content) {
    int start = 0;
    int end = content.length;
    // An editor's final newline (or CRLF, or stray spaces) is not part of the key.
    while (end > start && Character.isWhitespace(content[end - 1])) {
      end--;
    }
    while (start < end && Character.isWhitespace(content[start])) {
      start++;
    }
    if (start == end) {
      throw new SecretException("cluster key file " + file + " is empty: it must hold one line, the base64 of "
          + KEY_BYTES + " random bytes");
    }
    byte[] encoded = Arrays.copyOfRange(content, start, end);
    byte[] material;
    try {
      material = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes a character of the file, so it is not passed on.
      throw new SecretException("cluster key file " + file + " is not base64: it must hold one line, the base64 of "
          + KEY_BYTES + " random bytes");
    } finally {
      Arrays.fill(encoded, (byte) 0);
    }
    try {
      if (material.length != KEY_BYTES) {
        throw new SecretException("cluster key file " + file + " holds a key of " + material.length
            + " bytes, an AES-256 key has " + KEY_BYTES + ": put the cluster's key file there");
      }
      return new ClusterKey(material);
    } finally {
      Arrays.fill(material, (byte) 0);
    }
  }

  private static void warnIfShared(Path file) {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return; // not POSIX: access is the platform's ACLs' business
    }
    try {
      Set<PosixFilePermission> permissions = view.readAttributes().permissions();
      if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
        LOG.warn("cluster key file {} is open to group or others ({}), and whoever reads it can open every "
            + "secret of the cluster: chmod 600 it", file, PosixFilePermissions.toString(permissions));
      }
    } catch (IOException e) {
      LOG.warn("cannot check the permissions of cluster key file {}: {}", file, e.toString());
    }
  }

  private static Path createOwnerOnlyTemp(Path target) throws IOException {
    // In the target's directory, so that publishing it is a link within one file system.
    Path dir = target.getParent();
    String prefix = "." + target.getFileName() + "-";
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(
          EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
    }
    return Files.createTempFile(dir, prefix, ".tmp");
  }

  /** Makes the written temp file the key file unless one exists; false when another process's key won. */
  private static boolean publish(Path temp, Path target) throws IOException {
    try {
      // A hard link appears atomically and, unlike a rename (which ATOMIC_MOVE is on POSIX), never replaces
      // an existing file: of two racing processes exactly one key is published and never overwritten.
      Files.createLink(target, temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException | FileSystemException e) {
      // No hard links here. An atomic move still never shows a half-written key, but a process racing
      // between this check and the move could have its key replaced; that is the development mode's risk.
      if (Files.exists(target)) {
        return false;
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      LOG.warn("cannot delete temporary cluster key file {}: {}; delete it by hand", temp, e.toString());
    }
  }

  private static String keyIdOf(byte[] material) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(material);
      return HexFormat.of().formatHex(digest, 0, KEY_ID_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256, which every Java platform must provide", e);
    }
  }
}
