package dev.sluice.node.smtp.client;

import dev.sluice.routing.model.ProtocolLoggingLevel;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of one Send connector that shape its SMTP connections: how the client introduces itself,
 * TLS and credentials, timeouts, the source address, how many messages go over one connection, and
 * whether the send protocol log records its sessions.
 *
 * @param connector the connector's name, for the protocol log's connector-id column and for messages
 * @param heloName the name given in EHLO or HELO (the connector's Fqdn)
 * @param forceHelo HELO rather than EHLO (ForceHELO): no extension is then used
 * @param tls how STARTTLS is treated
 * @param login the smart host credentials (BasicAuth), when the connector authenticates
 * @param replyTimeout the longest wait for a reply (and for the TCP connection to be made)
 * @param sourceAddress the local address to connect from (SourceIPAddress); empty, or {@code 0.0.0.0} as
 *     Exchange spells it, for whichever address the system picks
 * @param inactivityTimeout how long an idle connection stays open for the next message before QUIT
 *     (ConnectionInactivityTimeOut, 10 minutes by default)
 * @param maxMessagesPerConnection the messages sent over one connection before QUIT
 *     (SmtpMaxMessagesPerConnection, 20 by default)
 * @param protocolLogging VERBOSE: the sessions go to the node's send protocol log; NONE: not a line
 */
public record SmtpClientSettings(String connector, String heloName, boolean forceHelo, SmtpClient.Tls tls,
    Optional<SmtpClient.Login> login, Duration replyTimeout, Optional<InetAddress> sourceAddress,
    Duration inactivityTimeout, int maxMessagesPerConnection, ProtocolLoggingLevel protocolLogging) {
  /** Exchange's ConnectionInactivityTimeOut default. */
  public static final Duration DEFAULT_INACTIVITY_TIMEOUT = Duration.ofMinutes(10);
  /** Exchange's SmtpMaxMessagesPerConnection default. */
  public static final int DEFAULT_MAX_MESSAGES_PER_CONNECTION = 20;
  /** RFC 5321 section 4.5.3.2 asks for at least 5 minutes for most replies. */
  public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofMinutes(5);

  public SmtpClientSettings {
    Objects.requireNonNull(connector, "connector name");
    Objects.requireNonNull(heloName, "HELO name (the connector's Fqdn)");
    Objects.requireNonNull(tls, "TLS settings (SmtpClient.Tls.NONE for none)");
    Objects.requireNonNull(login, "login (Optional.empty() for none)");
    Objects.requireNonNull(protocolLogging, "protocol logging level");
    positive(replyTimeout, "reply timeout");
    positive(inactivityTimeout, "ConnectionInactivityTimeOut");
    if (maxMessagesPerConnection < 1) {
      throw new IllegalArgumentException(
          "SmtpMaxMessagesPerConnection must be at least 1, not " + maxMessagesPerConnection);
    }
    // 0.0.0.0 is how a connector says "any": the same as none.
    sourceAddress = sourceAddress.filter(a -> !a.isAnyLocalAddress());
  }

  /** Exchange's defaults for connector {@code connector} introducing itself as {@code heloName}. */
  public static SmtpClientSettings defaults(String connector, String heloName) {
    return new SmtpClientSettings(connector, heloName, false, SmtpClient.Tls.NONE, Optional.empty(),
        DEFAULT_REPLY_TIMEOUT, Optional.empty(), DEFAULT_INACTIVITY_TIMEOUT, DEFAULT_MAX_MESSAGES_PER_CONNECTION,
        ProtocolLoggingLevel.NONE);
  }

  public SmtpClientSettings withForceHelo(boolean helo) {
    return new SmtpClientSettings(connector, heloName, helo, tls, login, replyTimeout, sourceAddress,
        inactivityTimeout, maxMessagesPerConnection, protocolLogging);
  }

  public SmtpClientSettings withTls(SmtpClient.Tls newTls) {
    return new SmtpClientSettings(connector, heloName, forceHelo, newTls, login, replyTimeout, sourceAddress,
        inactivityTimeout, maxMessagesPerConnection, protocolLogging);
  }

  public SmtpClientSettings withLogin(Optional<SmtpClient.Login> newLogin) {
    return new SmtpClientSettings(connector, heloName, forceHelo, tls, newLogin, replyTimeout, sourceAddress,
        inactivityTimeout, maxMessagesPerConnection, protocolLogging);
  }

  public SmtpClientSettings withReplyTimeout(Duration timeout) {
    return new SmtpClientSettings(connector, heloName, forceHelo, tls, login, timeout, sourceAddress,
        inactivityTimeout, maxMessagesPerConnection, protocolLogging);
  }

  public SmtpClientSettings withSourceAddress(Optional<InetAddress> source) {
    return new SmtpClientSettings(connector, heloName, forceHelo, tls, login, replyTimeout, source,
        inactivityTimeout, maxMessagesPerConnection, protocolLogging);
  }

  public SmtpClientSettings withInactivityTimeout(Duration timeout) {
    return new SmtpClientSettings(connector, heloName, forceHelo, tls, login, replyTimeout, sourceAddress, timeout,
        maxMessagesPerConnection, protocolLogging);
  }

  public SmtpClientSettings withMaxMessagesPerConnection(int max) {
    return new SmtpClientSettings(connector, heloName, forceHelo, tls, login, replyTimeout, sourceAddress,
        inactivityTimeout, max, protocolLogging);
  }

  public SmtpClientSettings withProtocolLogging(ProtocolLoggingLevel level) {
    return new SmtpClientSettings(connector, heloName, forceHelo, tls, login, replyTimeout, sourceAddress,
        inactivityTimeout, maxMessagesPerConnection, level);
  }

  private static void positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("the " + what + " must be positive, not " + d);
    }
  }
}
