package dev.sluice.directory.zookeeper;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * Who a process is to ZooKeeper, from its credentials file: the digest identities it authenticates as,
 * and the digests of the identities the directory's ACLs name.
 *
 * <p>The file is {@code key: value} lines ({@code #} comments), never the command line, so that no
 * password shows in a process list:
 * <pre>
 * role: admin | node
 * user: admin                   # the identity this process authenticates as
 * password: ...
 * node-group: sluice-nodes      # the identity every node shares for reading /config and /secrets
 * node-group-password: ...      # nodes: to authenticate as the group; or, for the admin,
 * node-group-digest: ...        #   the group's digest instead of its password
 * admin-digest: admin:...       # nodes: the admin's digest, so that it keeps rights on what nodes create
 * </pre>
 * A node authenticates as its own {@code user} (its member znode is writable by it alone) and as the
 * node group. Immutable; {@link #toString} shows no secret.
 *
 * @param role admin or node
 * @param user this process's own identity
 * @param password its password
 * @param nodeGroup the node group's identity
 * @param nodeGroupPassword the node group's password, when this process authenticates as it (nodes)
 * @param nodeGroupDigest the node group's digest ({@code name:base64}), as the ACLs name it
 * @param adminDigest the admin identity's digest, as the ACLs name it
 */
public record Credentials(
    Role role, String user, String password, String nodeGroup, Optional<String> nodeGroupPassword,
    String nodeGroupDigest, String adminDigest) {

  /** Which side of the directory a process is on. */
  public enum Role { ADMIN, NODE }

  private static final Set<String> KEYS =
      Set.of("role", "user", "password", "node-group", "node-group-password", "node-group-digest", "admin-digest");

  /** Reads the credentials file {@code file}; every problem names the file and the key. */
  public static Credentials load(Path file) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("credentials file " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException("credentials file " + file + " cannot be read: " + e.getMessage(), e);
    }
    for (String key : p.stringPropertyNames()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("credentials file " + file + ": unknown key '" + key + "'; the keys are "
            + String.join(", ", KEYS.stream().sorted().toList()));
      }
    }
    String roleText = required(p, file, "role");
    Role role;
    try {
      role = Role.valueOf(roleText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("credentials file " + file + ": role '" + roleText + "' must be admin or node");
    }
    String user = required(p, file, "user");
    String password = required(p, file, "password");
    String group = Optional.ofNullable(p.getProperty("node-group")).map(String::strip).orElse("sluice-nodes");
    Optional<String> groupPassword = Optional.ofNullable(p.getProperty("node-group-password")).map(String::strip);
    String groupDigest = Optional.ofNullable(p.getProperty("node-group-digest")).map(String::strip)
        .or(() -> groupPassword.map(pw -> digest(group, pw)))
        .orElseThrow(() -> new IllegalArgumentException("credentials file " + file
            + ": give node-group-password (or node-group-digest) so that the ACLs can name the node group"));
    if (role == Role.NODE && groupPassword.isEmpty()) {
      throw new IllegalArgumentException("credentials file " + file + ": a node needs node-group-password to read"
          + " the directory as the node group");
    }
    String adminDigest = Optional.ofNullable(p.getProperty("admin-digest")).map(String::strip)
        .orElse(role == Role.ADMIN ? digest(user, password) : "");
    if (role == Role.NODE && adminDigest.isEmpty()) {
      throw new IllegalArgumentException("credentials file " + file + ": a node needs admin-digest (print it with"
          + " the admin's credentials: it is user:base64(sha1(user:password)))");
    }
    return new Credentials(role, user, password, group, groupPassword, groupDigest, adminDigest);
  }

  /** The digest identity ZooKeeper's ACLs name for {@code user} with {@code password}. */
  public static String digest(String user, String password) {
    try {
      return DigestAuthenticationProvider.generateDigest(user + ":" + password);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }

  /** This process's own digest identity. */
  public String ownDigest() {
    return digest(user, password);
  }

  /** The {@code user:password} pairs this process authenticates with, its own first. */
  public List<String> authentications() {
    List<String> out = new ArrayList<>();
    out.add(user + ":" + password);
    if (role == Role.NODE) {
      nodeGroupPassword.ifPresent(pw -> out.add(nodeGroup + ":" + pw));
    }
    return out;
  }

  private static String required(Properties p, Path file, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("credentials file " + file + ": '" + key + "' is missing");
    }
    return v.strip();
  }

  @Override
  public String toString() {
    return "Credentials[" + role.name().toLowerCase(Locale.ROOT) + " " + user + ", node group " + nodeGroup + "]";
  }
}
