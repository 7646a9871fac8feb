package dev.sluice.node.cli;

import dev.sluice.directory.StoredSecret;
import dev.sluice.directory.secrets.ClusterKey;
import dev.sluice.directory.secrets.SecretBox;
import dev.sluice.directory.secrets.SmartHostCredential;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The smart host credential options of the Send connector verbs, and the sealing of what they give:
 * {@code --auth-username} and {@code --auth-password-file} go together, and are sealed with the cluster
 * key of {@code --cluster-key-file} as the secret {@code smarthost-<connector>}. A picocli mixin.
 */
final class SmartHostSecrets {
  static final String DEFAULT_KEY_FILE = "./sluice-data/cluster.key";

  @Option(names = "--auth-username", paramLabel = "USER",
      description = "The user name the source servers give the smart hosts in AUTH (with --auth-password-file).")
  String username;

  @Option(names = "--auth-password-file", paramLabel = "FILE",
      description = "A file holding the smart host password (a trailing newline is not part of it).")
  Path passwordFile;

  @Option(names = "--cluster-key-file", paramLabel = "FILE", defaultValue = DEFAULT_KEY_FILE,
      description = "The cluster key that seals the credential; made there when missing (default: ${DEFAULT-VALUE}).")
  Path clusterKeyFile;

  /** Whether a credential was given; refuses half of one. */
  boolean given() {
    if ((username == null) != (passwordFile == null)) {
      throw CliException.usage("--auth-username and --auth-password-file go together: give both, or neither");
    }
    return username != null;
  }

  /**
   * The secret id of the credential of connector {@code connector}: {@code smarthost-<name in lower case>}.
   * One id per connector name (names are unique case-insensitively); the layout encodes it as a znode name.
   */
  static String secretId(String connector) {
    return "smarthost-" + connector.toLowerCase(Locale.ROOT);
  }

  /** A sealer with the cluster key, loaded (or made) before anything is written. */
  Sealer sealer() {
    return new Sealer(new SecretBox(ClusterKey.loadOrGenerate(clusterKeyFile), new SecureRandom()));
  }

  /** Seals this credential for {@code connector}; the password is read from its file and wiped after. */
  final class Sealer {
    private final SecretBox box;

    private Sealer(SecretBox box) {
      this.box = box;
    }

    StoredSecret seal(String connector) {
      char[] password = PasswordFile.read(passwordFile, "--auth-password-file");
      byte[] encoded = new SmartHostCredential(username, new String(password)).encode();
      try {
        return box.seal(secretId(connector), encoded);
      } finally {
        Arrays.fill(password, '\0');
        Arrays.fill(encoded, (byte) 0);
      }
    }
  }
}
