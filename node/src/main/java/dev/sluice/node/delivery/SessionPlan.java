package dev.sluice.node.delivery;

import dev.sluice.node.smtp.client.SmtpClient;
import dev.sluice.node.smtp.client.SmtpClientSettings;
import dev.sluice.routing.model.ExtendedRight;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a queue's SMTP sessions go: the client settings of its connector (EHLO name, TLS, login, source address,
 * reuse and inactivity limits, protocol logging), and the extended rights the session holds on the connector,
 * which decide the headers that leave (the header firewall).
 *
 * @param settings the client settings; their TLS name check is completed per host by {@link #settingsFor}
 * @param verifyHostName the certificate must name the host connected to (BasicAuthRequireTLS: the configured
 *     smart host name)
 * @param rights what the session's principal may send; every right inside the organization
 * @param principal the session's principal, for logs
 */
public record SessionPlan(SmtpClientSettings settings, boolean verifyHostName, Set<ExtendedRight> rights,
    String principal) {
  public SessionPlan {
    Objects.requireNonNull(settings, "client settings");
    rights = Set.copyOf(rights);
    Objects.requireNonNull(principal, "principal");
  }

  /** The client settings for a connection to {@code hostName}. */
  public SmtpClientSettings settingsFor(String hostName) {
    if (!verifyHostName) {
      return settings;
    }
    SmtpClient.Tls tls = settings.tls();
    return settings.withTls(new SmtpClient.Tls(tls.context(), tls.require(), tls.ignoreStartTls(), Optional.of(hostName)));
  }
}
