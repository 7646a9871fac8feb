package dev.sluice.routing.model;

import dev.sluice.routing.address.AddressSpace;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Send connector with every property of the Exchange 2007 reference and its default.
 *
 * <p>Immutable. The record checks only what makes a value meaningless (a null, a port out of range);
 * the rules between properties are {@code dev.sluice.routing.validate.ConnectorValidator}'s, which
 * every write runs. Build one with {@link #builder(String)}, change one with {@link #toBuilder()}.
 *
 * @param name unique among the connectors of the organization
 * @param usageType chosen at creation; it only set defaults
 * @param addressSpaces the recipient domains this connector routes to
 * @param isScopedConnector SP1's scope: usable only from the source servers' site
 * @param sourceTransportServers the servers that deliver through it (at least one)
 * @param dnsRoutingEnabled deliver by the recipient domain's MX; false when smart hosts are used
 * @param smartHosts where to relay when DNS routing is off
 * @param smartHostAuthMechanism how the source server authenticates to the smart hosts
 * @param authenticationCredential the id of the secret holding the user name and password, if any
 * @param fqdn the name given in EHLO; empty means the source server's FQDN
 * @param port the port of the smart hosts or MX hosts (25)
 * @param sourceIpAddress the local address to connect from (0.0.0.0: any)
 * @param enabled a disabled connector never matches
 * @param maxMessageSize larger messages do not use this connector (10 MB)
 * @param protocolLoggingLevel None or Verbose
 * @param requireTls defer rather than send in clear
 * @param domainSecureEnabled mutual TLS with the recipient domain (domain security)
 * @param ignoreStartTls never use STARTTLS even when offered
 * @param useExternalDnsServersEnabled resolve MX with the node's external DNS servers
 * @param forceHelo HELO instead of EHLO
 * @param linkedReceiveConnector the Receive connector whose mail always leaves through this one
 * @param connectionInactivityTimeout how long an idle outbound connection stays open (10 minutes)
 * @param smtpMaxMessagesPerConnection how many messages one connection carries (20)
 * @param comment free text for the administrator
 * @param permissions which principal holds which extended right on this connector
 */
public record SendConnector(
    String name,
    UsageType usageType,
    List<AddressSpace> addressSpaces,
    boolean isScopedConnector,
    List<String> sourceTransportServers,
    boolean dnsRoutingEnabled,
    List<SmartHost> smartHosts,
    SmartHostAuthMechanism smartHostAuthMechanism,
    Optional<String> authenticationCredential,
    Optional<String> fqdn,
    int port,
    String sourceIpAddress,
    boolean enabled,
    MaxMessageSize maxMessageSize,
    ProtocolLoggingLevel protocolLoggingLevel,
    boolean requireTls,
    boolean domainSecureEnabled,
    boolean ignoreStartTls,
    boolean useExternalDnsServersEnabled,
    boolean forceHelo,
    Optional<String> linkedReceiveConnector,
    Duration connectionInactivityTimeout,
    int smtpMaxMessagesPerConnection,
    String comment,
    Permissions permissions)
    implements Connector {

  public static final int DEFAULT_PORT = 25;
  public static final String ANY_SOURCE_IP = "0.0.0.0";
  public static final Duration DEFAULT_CONNECTION_INACTIVITY_TIMEOUT = Duration.ofMinutes(10);
  public static final int DEFAULT_SMTP_MAX_MESSAGES_PER_CONNECTION = 20;

  public SendConnector {
    name = Names.requireName(name, "connector name");
    Objects.requireNonNull(usageType, "usage type of " + name + " must be given");
    addressSpaces = Names.copyOf(addressSpaces, "address spaces of " + name);
    sourceTransportServers = Names.copyOf(sourceTransportServers, "source transport servers of " + name);
    smartHosts = Names.copyOf(smartHosts, "smart hosts of " + name);
    Objects.requireNonNull(smartHostAuthMechanism, "smart host authentication of " + name + " must be given");
    authenticationCredential = Objects.requireNonNullElse(authenticationCredential, Optional.empty());
    fqdn = Objects.requireNonNullElse(fqdn, Optional.empty());
    Names.requireRange(port, 1, 65_535, "port of " + name);
    sourceIpAddress = Names.requireName(sourceIpAddress, "source IP address of " + name);
    Objects.requireNonNull(maxMessageSize, "MaxMessageSize of " + name + " must be given");
    Objects.requireNonNull(protocolLoggingLevel, "protocol logging level of " + name + " must be given");
    linkedReceiveConnector = Objects.requireNonNullElse(linkedReceiveConnector, Optional.empty());
    Objects.requireNonNull(connectionInactivityTimeout, "ConnectionInactivityTimeOut of " + name + " must be given");
    if (connectionInactivityTimeout.isNegative() || connectionInactivityTimeout.isZero()) {
      throw new IllegalArgumentException("ConnectionInactivityTimeOut of " + name + " must be positive");
    }
    if (smtpMaxMessagesPerConnection < 1) {
      throw new IllegalArgumentException(
          "SmtpMaxMessagesPerConnection of " + name + " must be at least 1, not " + smtpMaxMessagesPerConnection);
    }
    comment = comment == null ? "" : comment;
    permissions = Objects.requireNonNullElse(permissions, Permissions.NONE);
  }

  /** A builder holding Exchange 2007's defaults for a connector called {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding this connector's values, for {@code set-sendconnector}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link SendConnector}; every property starts at Exchange 2007's default. */
  public static final class Builder {
    private String name;
    private UsageType usageType = UsageType.CUSTOM;
    private List<AddressSpace> addressSpaces = List.of();
    private boolean isScopedConnector;
    private List<String> sourceTransportServers = List.of();
    private Boolean dnsRoutingEnabled;
    private List<SmartHost> smartHosts = List.of();
    private SmartHostAuthMechanism smartHostAuthMechanism = SmartHostAuthMechanism.NONE;
    private Optional<String> authenticationCredential = Optional.empty();
    private Optional<String> fqdn = Optional.empty();
    private int port = DEFAULT_PORT;
    private String sourceIpAddress = ANY_SOURCE_IP;
    private boolean enabled = true;
    private MaxMessageSize maxMessageSize = MaxMessageSize.TEN_MB;
    private ProtocolLoggingLevel protocolLoggingLevel = ProtocolLoggingLevel.NONE;
    private boolean requireTls;
    private boolean domainSecureEnabled;
    private boolean ignoreStartTls;
    private boolean useExternalDnsServersEnabled;
    private boolean forceHelo;
    private Optional<String> linkedReceiveConnector = Optional.empty();
    private Duration connectionInactivityTimeout = DEFAULT_CONNECTION_INACTIVITY_TIMEOUT;
    private int smtpMaxMessagesPerConnection = DEFAULT_SMTP_MAX_MESSAGES_PER_CONNECTION;
    private String comment = "";
    private Permissions permissions = Permissions.NONE;

    private Builder(String name) {
      this.name = name;
    }

    private Builder(SendConnector c) {
      name = c.name;
      usageType = c.usageType;
      addressSpaces = c.addressSpaces;
      isScopedConnector = c.isScopedConnector;
      sourceTransportServers = c.sourceTransportServers;
      dnsRoutingEnabled = c.dnsRoutingEnabled;
      smartHosts = c.smartHosts;
      smartHostAuthMechanism = c.smartHostAuthMechanism;
      authenticationCredential = c.authenticationCredential;
      fqdn = c.fqdn;
      port = c.port;
      sourceIpAddress = c.sourceIpAddress;
      enabled = c.enabled;
      maxMessageSize = c.maxMessageSize;
      protocolLoggingLevel = c.protocolLoggingLevel;
      requireTls = c.requireTls;
      domainSecureEnabled = c.domainSecureEnabled;
      ignoreStartTls = c.ignoreStartTls;
      useExternalDnsServersEnabled = c.useExternalDnsServersEnabled;
      forceHelo = c.forceHelo;
      linkedReceiveConnector = c.linkedReceiveConnector;
      connectionInactivityTimeout = c.connectionInactivityTimeout;
      smtpMaxMessagesPerConnection = c.smtpMaxMessagesPerConnection;
      comment = c.comment;
      permissions = c.permissions;
    }

    public Builder name(String v) { name = v; return this; }
    public Builder usageType(UsageType v) { usageType = v; return this; }
    public Builder addressSpaces(List<AddressSpace> v) { addressSpaces = v; return this; }
    public Builder addressSpaces(String exchangeList) { addressSpaces = AddressSpace.parseList(exchangeList); return this; }
    public Builder isScopedConnector(boolean v) { isScopedConnector = v; return this; }
    public Builder sourceTransportServers(List<String> v) { sourceTransportServers = v; return this; }
    public Builder sourceTransportServers(String... v) { sourceTransportServers = List.of(v); return this; }
    /** Sets DNSRoutingEnabled explicitly; left unset, it is true exactly when no smart host is given. */
    public Builder dnsRoutingEnabled(boolean v) { dnsRoutingEnabled = v; return this; }
    public Builder smartHosts(List<SmartHost> v) { smartHosts = v; return this; }
    /** Smart hosts in their text forms; turns DNS routing off unless it was set explicitly. */
    public Builder smartHosts(String... v) { smartHosts = java.util.Arrays.stream(v).map(SmartHost::parse).toList(); return this; }
    public Builder smartHostAuthMechanism(SmartHostAuthMechanism v) { smartHostAuthMechanism = v; return this; }
    public Builder authenticationCredential(String v) { authenticationCredential = Optional.ofNullable(v); return this; }
    public Builder fqdn(String v) { fqdn = Optional.ofNullable(v); return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder sourceIpAddress(String v) { sourceIpAddress = v; return this; }
    public Builder enabled(boolean v) { enabled = v; return this; }
    public Builder maxMessageSize(MaxMessageSize v) { maxMessageSize = v; return this; }
    public Builder protocolLoggingLevel(ProtocolLoggingLevel v) { protocolLoggingLevel = v; return this; }
    public Builder requireTls(boolean v) { requireTls = v; return this; }
    public Builder domainSecureEnabled(boolean v) { domainSecureEnabled = v; return this; }
    public Builder ignoreStartTls(boolean v) { ignoreStartTls = v; return this; }
    public Builder useExternalDnsServersEnabled(boolean v) { useExternalDnsServersEnabled = v; return this; }
    public Builder forceHelo(boolean v) { forceHelo = v; return this; }
    public Builder linkedReceiveConnector(String v) { linkedReceiveConnector = Optional.ofNullable(v); return this; }
    public Builder connectionInactivityTimeout(Duration v) { connectionInactivityTimeout = v; return this; }
    public Builder smtpMaxMessagesPerConnection(int v) { smtpMaxMessagesPerConnection = v; return this; }
    public Builder comment(String v) { comment = v; return this; }
    public Builder permissions(Permissions v) { permissions = v; return this; }

    public SendConnector build() {
      boolean dns = dnsRoutingEnabled != null ? dnsRoutingEnabled : smartHosts.isEmpty();
      return new SendConnector(
          name, usageType, addressSpaces, isScopedConnector, sourceTransportServers, dns, smartHosts,
          smartHostAuthMechanism, authenticationCredential, fqdn, port, sourceIpAddress, enabled,
          maxMessageSize, protocolLoggingLevel, requireTls, domainSecureEnabled, ignoreStartTls,
          useExternalDnsServersEnabled, forceHelo, linkedReceiveConnector, connectionInactivityTimeout,
          smtpMaxMessagesPerConnection, comment, permissions);
    }
  }
}
