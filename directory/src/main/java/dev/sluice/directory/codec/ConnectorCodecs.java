package dev.sluice.directory.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.model.ExtendedRight;
import dev.sluice.routing.model.ForeignConnector;
import dev.sluice.routing.model.MaxMessageSize;
import dev.sluice.routing.model.Permissions;
import dev.sluice.routing.model.Principal;
import dev.sluice.routing.model.ProtocolLoggingLevel;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.ReceiveConnector.Binding;
import dev.sluice.routing.model.ReceiveConnector.PermissionGroup;
import dev.sluice.routing.model.ReceiveConnector.ReceiveAuthMechanism;
import dev.sluice.routing.model.ReceiveConnector.RemoteIpRange;
import dev.sluice.routing.model.ReceiveLimits;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.SmartHost;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.TimeSpan;
import dev.sluice.routing.model.UsageType;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The codecs of Send, Foreign and Receive connectors. Address spaces are stored in their canonical
 * printed form, sizes as {@code 10MB} or {@code unlimited}, time spans as Exchange prints them, enums in
 * Exchange's spelling; every property a document lacks takes Exchange 2007's default.
 */
public final class ConnectorCodecs {
  private ConnectorCodecs() {}

  public static final ObjectCodec<SendConnector> SEND_CONNECTOR = new ObjectCodec<>() {
    @Override
    public void write(SendConnector v, ObjectNode out) {
      out.put("name", v.name());
      out.put("usageType", v.usageType().exchangeName());
      texts(out, "addressSpaces", v.addressSpaces().stream().map(AddressSpace::toString).toList());
      out.put("isScopedConnector", v.isScopedConnector());
      texts(out, "sourceTransportServers", v.sourceTransportServers());
      out.put("dnsRoutingEnabled", v.dnsRoutingEnabled());
      texts(out, "smartHosts", v.smartHosts().stream().map(SmartHost::toString).toList());
      out.put("smartHostAuthMechanism", v.smartHostAuthMechanism().exchangeName());
      v.authenticationCredential().ifPresent(c -> out.put("authenticationCredential", c));
      v.fqdn().ifPresent(f -> out.put("fqdn", f));
      out.put("port", v.port());
      out.put("sourceIPAddress", v.sourceIpAddress());
      out.put("enabled", v.enabled());
      out.put("maxMessageSize", v.maxMessageSize().toString());
      out.put("protocolLoggingLevel", v.protocolLoggingLevel().exchangeName());
      out.put("requireTLS", v.requireTls());
      out.put("domainSecureEnabled", v.domainSecureEnabled());
      out.put("ignoreStartTLS", v.ignoreStartTls());
      out.put("useExternalDNSServersEnabled", v.useExternalDnsServersEnabled());
      out.put("forceHELO", v.forceHelo());
      v.linkedReceiveConnector().ifPresent(l -> out.put("linkedReceiveConnector", l));
      out.put("connectionInactivityTimeOut", TimeSpan.print(v.connectionInactivityTimeout()));
      out.put("smtpMaxMessagesPerConnection", v.smtpMaxMessagesPerConnection());
      out.put("comment", v.comment());
      writePermissions(v.permissions(), out.putObject("permissions"));
    }

    @Override
    public SendConnector read(DocumentReader in) {
      SendConnector.Builder b = SendConnector.builder(in.text("name"))
          .usageType(in.parsed("usageType", UsageType::parse, UsageType.CUSTOM))
          .addressSpaces(in.parsedList("addressSpaces", AddressSpace::parse))
          .isScopedConnector(in.bool("isScopedConnector", false))
          .sourceTransportServers(in.texts("sourceTransportServers"))
          .smartHosts(in.parsedList("smartHosts", SmartHost::parse))
          .smartHostAuthMechanism(
              in.parsed("smartHostAuthMechanism", SmartHostAuthMechanism::parse, SmartHostAuthMechanism.NONE))
          .authenticationCredential(in.optionalText("authenticationCredential").orElse(null))
          .fqdn(in.optionalText("fqdn").orElse(null))
          .port(in.integer("port", SendConnector.DEFAULT_PORT))
          .sourceIpAddress(in.text("sourceIPAddress", SendConnector.ANY_SOURCE_IP))
          .enabled(in.bool("enabled", true))
          .maxMessageSize(in.parsed("maxMessageSize", MaxMessageSize::parse, MaxMessageSize.TEN_MB))
          .protocolLoggingLevel(
              in.parsed("protocolLoggingLevel", ProtocolLoggingLevel::parse, ProtocolLoggingLevel.NONE))
          .requireTls(in.bool("requireTLS", false))
          .domainSecureEnabled(in.bool("domainSecureEnabled", false))
          .ignoreStartTls(in.bool("ignoreStartTLS", false))
          .useExternalDnsServersEnabled(in.bool("useExternalDNSServersEnabled", false))
          .forceHelo(in.bool("forceHELO", false))
          .linkedReceiveConnector(in.optionalText("linkedReceiveConnector").orElse(null))
          .connectionInactivityTimeout(in.parsed("connectionInactivityTimeOut", TimeSpan::parse,
              SendConnector.DEFAULT_CONNECTION_INACTIVITY_TIMEOUT))
          .smtpMaxMessagesPerConnection(
              in.integer("smtpMaxMessagesPerConnection", SendConnector.DEFAULT_SMTP_MAX_MESSAGES_PER_CONNECTION))
          .comment(in.text("comment", ""))
          .permissions(readPermissions(in));
      // Stored as written: the builder's "smart hosts turn DNS routing off" is a default for new connectors.
      b.dnsRoutingEnabled(in.bool("dnsRoutingEnabled", in.texts("smartHosts").isEmpty()));
      return in.build(b::build);
    }
  };

  public static final ObjectCodec<ForeignConnector> FOREIGN_CONNECTOR = new ObjectCodec<>() {
    @Override
    public void write(ForeignConnector v, ObjectNode out) {
      out.put("name", v.name());
      texts(out, "addressSpaces", v.addressSpaces().stream().map(AddressSpace::toString).toList());
      texts(out, "sourceTransportServers", v.sourceTransportServers());
      out.put("dropDirectory", v.dropDirectory());
      out.put("enabled", v.enabled());
      out.put("maxMessageSize", v.maxMessageSize().toString());
      out.put("isScopedConnector", v.isScopedConnector());
      out.put("comment", v.comment());
    }

    @Override
    public ForeignConnector read(DocumentReader in) {
      String name = in.text("name");
      List<AddressSpace> spaces = in.parsedList("addressSpaces", AddressSpace::parse);
      List<String> servers = in.texts("sourceTransportServers");
      String drop = in.text("dropDirectory");
      boolean enabled = in.bool("enabled", true);
      MaxMessageSize max = in.parsed("maxMessageSize", MaxMessageSize::parse, MaxMessageSize.UNLIMITED);
      boolean scoped = in.bool("isScopedConnector", false);
      String comment = in.text("comment", "");
      return in.build(() -> new ForeignConnector(name, spaces, servers, drop, enabled, max, scoped, comment));
    }
  };

  public static final ObjectCodec<ReceiveConnector> RECEIVE_CONNECTOR = new ObjectCodec<>() {
    @Override
    public void write(ReceiveConnector v, ObjectNode out) {
      out.put("server", v.server());
      out.put("name", v.name());
      texts(out, "bindings", v.bindings().stream().map(Binding::toString).toList());
      texts(out, "remoteIPRanges", v.remoteIpRanges().stream().map(RemoteIpRange::text).toList());
      texts(out, "authMechanism", v.authMechanisms().stream().map(Enums::print).toList());
      texts(out, "permissionGroups", v.permissionGroups().stream().map(Enums::print).toList());
      v.fqdn().ifPresent(f -> out.put("fqdn", f));
      out.put("enabled", v.enabled());
      ObjectNode limits = out.putObject("limits");
      ReceiveLimits l = v.limits();
      limits.put("maxMessageSize", l.maxMessageSize().toString());
      limits.put("maxRecipientsPerMessage", l.maxRecipientsPerMessage());
      limits.put("maxHopCount", l.maxHopCount());
      limits.put("maxLocalHopCount", l.maxLocalHopCount());
      limits.put("connectionTimeout", TimeSpan.print(l.connectionTimeout()));
      limits.put("connectionInactivityTimeout", TimeSpan.print(l.connectionInactivityTimeout()));
      limits.put("maxInboundConnection", l.maxInboundConnection());
      limits.put("maxInboundConnectionPerSource", l.maxInboundConnectionPerSource());
      limits.put("maxProtocolErrors", l.maxProtocolErrors());
    }

    @Override
    public ReceiveConnector read(DocumentReader in) {
      String server = in.text("server");
      String name = in.text("name");
      List<Binding> bindings = in.parsedList("bindings", Binding::parse);
      List<RemoteIpRange> ranges = in.parsedList("remoteIPRanges", RemoteIpRange::new);
      Set<ReceiveAuthMechanism> auth =
          new LinkedHashSet<>(in.parsedList("authMechanism", t -> Enums.parse(ReceiveAuthMechanism.class, t)));
      Set<PermissionGroup> groups =
          new LinkedHashSet<>(in.parsedList("permissionGroups", t -> Enums.parse(PermissionGroup.class, t)));
      var fqdn = in.optionalText("fqdn");
      boolean enabled = in.bool("enabled", true);
      ReceiveLimits d = ReceiveLimits.HUB_DEFAULTS;
      ReceiveLimits limits = in.has("limits") ? in.object("limits", l -> l.build(() -> new ReceiveLimits(
          l.parsed("maxMessageSize", MaxMessageSize::parse, d.maxMessageSize()),
          l.integer("maxRecipientsPerMessage", d.maxRecipientsPerMessage()),
          l.integer("maxHopCount", d.maxHopCount()),
          l.integer("maxLocalHopCount", d.maxLocalHopCount()),
          l.parsed("connectionTimeout", TimeSpan::parse, d.connectionTimeout()),
          l.parsed("connectionInactivityTimeout", TimeSpan::parse, d.connectionInactivityTimeout()),
          l.integer("maxInboundConnection", d.maxInboundConnection()),
          l.integer("maxInboundConnectionPerSource", d.maxInboundConnectionPerSource()),
          l.integer("maxProtocolErrors", d.maxProtocolErrors())))) : d;
      return in.build(() -> new ReceiveConnector(server, name, bindings, ranges, auth, groups, fqdn, enabled, limits));
    }
  };

  private static void texts(ObjectNode out, String field, List<String> values) {
    ArrayNode array = out.putArray(field);
    values.forEach(array::add);
  }

  private static void writePermissions(Permissions p, ObjectNode out) {
    p.entries().forEach((principal, rights) -> {
      ArrayNode array = out.putArray(principal.canonicalName());
      rights.forEach(r -> array.add(r.canonicalName()));
    });
  }

  private static Permissions readPermissions(DocumentReader in) {
    JsonNode node = in.raw("permissions");
    if (node == null || node.isNull()) {
      return Permissions.NONE;
    }
    if (!node.isObject()) {
      throw new CodecException(in.path(), "permissions", "must be an object of principal to its rights");
    }
    Map<Principal, Set<ExtendedRight>> entries = new EnumMap<>(Principal.class);
    var fields = node.fields();
    while (fields.hasNext()) {
      var e = fields.next();
      String field = "permissions." + e.getKey();
      Principal principal;
      try {
        principal = Principal.parse(e.getKey());
      } catch (IllegalArgumentException ex) {
        throw new CodecException(in.path(), field, ex.getMessage(), ex);
      }
      if (!e.getValue().isArray()) {
        throw new CodecException(in.path(), field, "must be a list of extended rights");
      }
      Set<ExtendedRight> rights = EnumSet.noneOf(ExtendedRight.class);
      for (JsonNode r : e.getValue()) {
        try {
          rights.add(ExtendedRight.parse(r.asText()));
        } catch (IllegalArgumentException ex) {
          throw new CodecException(in.path(), field, ex.getMessage(), ex);
        }
      }
      entries.merge(principal, rights, (a, b) -> { a.addAll(b); return a; });
    }
    return new Permissions(entries);
  }
}
