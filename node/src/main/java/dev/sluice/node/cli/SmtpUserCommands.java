package dev.sluice.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.SmtpUser;
import dev.sluice.directory.codec.DirectoryCodec;
import dev.sluice.directory.secrets.PasswordHasher;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * new-, get- and remove-smtpuser: the users inbound AUTH accepts. Only a salted slow hash of the password
 * is stored, and get shows the name alone.
 */
final class SmtpUserCommands {
  private SmtpUserCommands() {}

  @Command(name = "new-smtpuser", description = "Create an SMTP user for inbound AUTH.",
      footerHeading = "%nExample:%n", footer = {"  sluice new-smtpuser --name alice --password-file ./alice.password"})
  static final class New extends DirectoryVerb {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The user name given in AUTH.")
    String name;

    @Option(names = "--password-file", required = true, paramLabel = "FILE",
        description = "A file holding the password (a trailing newline is not part of it).")
    Path passwordFile;

    @Override
    void run(DirectorySession session) {
      char[] password = PasswordFile.read(passwordFile, "--password-file");
      String hash;
      try {
        hash = new PasswordHasher().hash(password);
      } finally {
        Arrays.fill(password, '\0');
      }
      session.directory().create(ObjectKind.SMTP_USER, new SmtpUser(name, hash));
      done("Created", ObjectKind.SMTP_USER, name);
    }
  }

  @Command(name = "get-smtpuser", description = "Show one SMTP user, or list them all (names only).",
      footerHeading = "%nExample:%n", footer = {"  sluice get-smtpuser"})
  static final class Get extends GetVerb<SmtpUser> {
    @Option(names = {"--name", "--identity"}, paramLabel = "NAME", description = "The user (default: all).")
    String name;

    @Override
    ObjectKind<SmtpUser> kind() {
      return ObjectKind.SMTP_USER;
    }

    @Override
    String identity() {
      return name;
    }

    @Override
    List<String> columns() {
      return List.of("name");
    }

    @Override
    ObjectNode view(SmtpUser value, DirectorySession session) {
      // Not the codec's document: the hash is a secret too, and would let a reader try passwords offline.
      return DirectoryCodec.mapper().createObjectNode().put("name", value.name());
    }
  }

  @Command(name = "remove-smtpuser", description = "Remove an SMTP user.",
      footerHeading = "%nExample:%n", footer = {"  sluice remove-smtpuser --name alice"})
  static final class Remove extends RemoveVerb {
    @Option(names = {"--name", "--identity"}, required = true, paramLabel = "NAME", description = "The user.")
    String name;

    @Override
    ObjectKind<?> kind() {
      return ObjectKind.SMTP_USER;
    }

    @Override
    String identity() {
      return name;
    }
  }
}
