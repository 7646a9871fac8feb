package dev.sluice.directory;

import dev.sluice.routing.model.ServerRole;
import java.time.Instant;
import java.util.Objects;

/**
 * The live registration of a running node: what {@code /runtime/members/<server>} holds while its
 * session lives.
 *
 * @param server the transport server's name
 * @param role Hub or Edge
 * @param site its site
 * @param smtpEndpoint where it accepts SMTP, host:port
 * @param adminEndpoint where its admin endpoint listens, host:port (empty when it has none)
 * @param version the software version it runs
 * @param startedAt when the process started
 * @param queueLength the messages it holds in its queues (updated at most once a second)
 */
public record Member(
    String server, ServerRole role, String site, String smtpEndpoint, String adminEndpoint, String version,
    Instant startedAt, long queueLength) {
  public Member {
    Objects.requireNonNull(server, "server of a member must be given");
    Objects.requireNonNull(role, "role of member " + server + " must be given");
    Objects.requireNonNull(site, "site of member " + server + " must be given");
    smtpEndpoint = Objects.requireNonNullElse(smtpEndpoint, "");
    adminEndpoint = Objects.requireNonNullElse(adminEndpoint, "");
    version = Objects.requireNonNullElse(version, "");
    Objects.requireNonNull(startedAt, "start time of member " + server + " must be given");
    if (queueLength < 0) {
      throw new IllegalArgumentException("queue length of member " + server + " must not be negative");
    }
  }

  /** This member with another load figure. */
  public Member withQueueLength(long length) {
    return new Member(server, role, site, smtpEndpoint, adminEndpoint, version, startedAt, length);
  }
}
