package dev.sluice.node.delivery;

import dev.sluice.node.smtp.client.SmtpClient;
import dev.sluice.routing.model.ExtendedRight;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a queue's SMTP sessions go: the EHLO name, TLS and login, and the extended rights the session holds
 * on the connector, which decide the headers that leave (the header firewall).
 *
 * @param heloName the connector's Fqdn, else the local server's FQDN
 * @param forceHelo HELO instead of EHLO
 * @param tls STARTTLS use; {@code verifyName} empty means "the host's own name" when {@link #verifyHostName}
 * @param verifyHostName the certificate must name the host connected to (BasicAuthRequireTLS: the
 *     configured smart host name)
 * @param login the credentials to authenticate with, when any
 * @param rights what the session's principal may send; every right inside the organization
 * @param principal the session's principal as the tracking log names it
 * @param connector the connector the queue delivers through
 */
public record SessionPlan(
    String heloName, boolean forceHelo, SmtpClient.Tls tls, boolean verifyHostName, Optional<SmtpClient.Login> login,
    Set<ExtendedRight> rights, String principal, String connector) {
  public SessionPlan {
    Objects.requireNonNull(heloName, "HELO name");
    Objects.requireNonNull(tls, "TLS settings");
    Objects.requireNonNull(login, "login (Optional.empty() for none)");
    rights = Set.copyOf(rights);
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(connector, "connector");
  }

  /** The TLS settings for a connection to {@code hostName}. */
  public SmtpClient.Tls tlsFor(String hostName) {
    if (!verifyHostName) {
      return tls;
    }
    return new SmtpClient.Tls(tls.context(), tls.require(), tls.ignoreStartTls(), Optional.of(hostName));
  }
}
