package dev.sluice.directory.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.directory.Member;
import dev.sluice.directory.SmtpUser;
import dev.sluice.directory.StoredSecret;
import dev.sluice.routing.model.ServerRole;
import java.time.Instant;

/** The codecs of what is not routing configuration: live members, SMTP users and sealed secrets. */
public final class RuntimeCodecs {
  private RuntimeCodecs() {}

  public static final ObjectCodec<Member> MEMBER = new ObjectCodec<>() {
    @Override
    public void write(Member v, ObjectNode out) {
      out.put("server", v.server());
      out.put("role", Enums.print(v.role()));
      out.put("site", v.site());
      out.put("smtpEndpoint", v.smtpEndpoint());
      out.put("adminEndpoint", v.adminEndpoint());
      out.put("version", v.version());
      out.put("startedAt", v.startedAt().toString());
      out.put("queueLength", v.queueLength());
    }

    @Override
    public Member read(DocumentReader in) {
      String server = in.text("server");
      ServerRole role = in.parsed("role", t -> Enums.parse(ServerRole.class, t));
      String site = in.text("site");
      String smtp = in.text("smtpEndpoint", "");
      String admin = in.text("adminEndpoint", "");
      String version = in.text("version", "");
      Instant started = in.parsed("startedAt", t -> {
        try {
          return Instant.parse(t);
        } catch (java.time.format.DateTimeParseException e) {
          throw new IllegalArgumentException("must be an ISO-8601 instant such as 2026-12-01T10:00:00Z", e);
        }
      });
      long queue = in.longValue("queueLength", 0);
      return in.build(() -> new Member(server, role, site, smtp, admin, version, started, queue));
    }
  };

  public static final ObjectCodec<SmtpUser> SMTP_USER = new ObjectCodec<>() {
    @Override
    public void write(SmtpUser v, ObjectNode out) {
      out.put("name", v.name());
      out.put("passwordHash", v.passwordHash());
    }

    @Override
    public SmtpUser read(DocumentReader in) {
      String name = in.text("name");
      String hash = in.text("passwordHash");
      return in.build(() -> new SmtpUser(name, hash));
    }
  };

  public static final ObjectCodec<StoredSecret> SECRET = new ObjectCodec<>() {
    @Override
    public void write(StoredSecret v, ObjectNode out) {
      out.put("id", v.id());
      out.put("algorithm", "AES-256-GCM");
      out.put("keyId", v.keyId());
      out.put("nonce", v.nonce());
      out.put("ciphertext", v.ciphertext());
    }

    @Override
    public StoredSecret read(DocumentReader in) {
      String id = in.text("id");
      String algorithm = in.text("algorithm", "AES-256-GCM");
      if (!algorithm.equals("AES-256-GCM")) {
        throw new CodecException(in.path(), "algorithm", "'" + algorithm + "' is not AES-256-GCM, the only one known");
      }
      String keyId = in.text("keyId");
      String nonce = in.text("nonce");
      String ciphertext = in.text("ciphertext");
      return in.build(() -> new StoredSecret(id, keyId, nonce, ciphertext));
    }
  };
}
