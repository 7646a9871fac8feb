package dev.sluice.directory.zookeeper;

import dev.sluice.directory.DirectoryException;
import dev.sluice.directory.StoredSecret;
import dev.sluice.directory.secrets.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node secrets under {@code /secrets/node-<server>}: what a node presents, with its server's name, when
 * it authenticates to another node as an Exchange server, and what the receiving node checks it against.
 *
 * <p>Each secret is 256 random bits, made by the node itself on its first start ({@link #ensure}) and sealed
 * under the cluster key like every secret there. Thread-safe. A check reads the directory, so that a secret
 * replaced there counts at once; when ZooKeeper cannot be reached it falls back to the value last read, since
 * a node keeps working through a directory outage. A secret sealed under another cluster key fails with the
 * {@code SecretException} that says which key file to give the node.
 */
public final class NodeSecrets {
  private static final int SECRET_BYTES = 32;

  private final ZooKeeperSecrets store;
  private final SecretBox box;
  private final SecureRandom random;
  private final Map<String, String> lastRead = new ConcurrentHashMap<>();

  public NodeSecrets(ZooKeeperSecrets store, SecretBox box, SecureRandom random) {
    this.store = Objects.requireNonNull(store, "the secret store must be given");
    this.box = Objects.requireNonNull(box, "the secret box must be given");
    this.random = Objects.requireNonNull(random, "a SecureRandom must be given");
  }

  /** The id of {@code server}'s node secret: server names are case-insensitive, ids are not. */
  public static String idOf(String server) {
    return "node-" + server.toLowerCase(Locale.ROOT);
  }

  /** {@code server}'s node secret, made and stored when it has none yet. */
  public String ensure(String server) {
    Optional<String> known = read(server);
    if (known.isPresent()) {
      return known.get();
    }
    byte[] material = new byte[SECRET_BYTES];
    random.nextBytes(material);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(material);
    store.put(box.seal(idOf(server), secret.getBytes(StandardCharsets.US_ASCII)));
    lastRead.put(idOf(server), secret);
    return secret;
  }

  /** {@code server}'s node secret, if it has one. */
  public Optional<String> read(String server) {
    String id = idOf(server);
    Optional<StoredSecret> stored = store.get(id);
    Optional<String> secret = stored.map(s -> new String(box.open(s), StandardCharsets.US_ASCII));
    secret.ifPresentOrElse(value -> lastRead.put(id, value), () -> lastRead.remove(id));
    return secret;
  }

  /**
   * Whether {@code presented} is {@code server}'s node secret, compared in constant time; the value last
   * read stands in while the directory is unavailable.
   */
  public boolean verify(String server, String presented) {
    Optional<String> secret;
    try {
      // Disconnected, a read would block every AUTH of a relay through the retry policy (longer than the
      // peer's reply timeout), so relays between nodes would stop while ZooKeeper is away.
      if (!store.isConnected() && lastRead.containsKey(idOf(server))) {
        throw new DirectoryException.Unavailable("ZooKeeper is not connected", null);
      }
      secret = read(server);
    } catch (DirectoryException.Unavailable e) {
      secret = Optional.ofNullable(lastRead.get(idOf(server)));
      if (secret.isEmpty()) {
        throw e;
      }
    }
    return secret.isPresent() && MessageDigest.isEqual(
        secret.get().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
