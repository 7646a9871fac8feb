package dev.sluice.directory.codec;

import static dev.sluice.directory.codec.Documents.PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every missing or malformed field is refused naming the znode, the field and, where the model has one,
 * the model's reason.
 */
class DocumentErrorsTest {

  /** A valid document of {@code sample} spoiled by {@code edit}, and what its refusal must say. */
  record Case<T>(String name, ObjectCodec<T> codec, T sample, Consumer<ObjectNode> edit, String field, String problem) {
    byte[] document() {
      return Documents.edited(codec, sample, edit);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case<?>> missingFields() {
    return Stream.of(
        missing(TopologyCodecs.SITE, Samples.SITE, "name"),
        missing(TopologyCodecs.SITE_LINK, Samples.LINK, "name"),
        missing(TopologyCodecs.SERVER, Samples.HUB, "name"),
        missing(TopologyCodecs.SERVER, Samples.HUB, "role"),
        missing(TopologyCodecs.SERVER, Samples.HUB, "site"),
        missing(TopologyCodecs.SERVER, Samples.HUB, "fqdn"),
        missing(TopologyCodecs.ACCEPTED_DOMAIN, Samples.DOMAIN, "domainName"),
        missing(TopologyCodecs.ACCEPTED_DOMAIN, Samples.DOMAIN, "domainType"),
        missing(TopologyCodecs.EDGE_SUBSCRIPTION, Samples.SUBSCRIPTION, "edgeServer"),
        missing(TopologyCodecs.EDGE_SUBSCRIPTION, Samples.SUBSCRIPTION, "site"),
        missing(ConnectorCodecs.SEND_CONNECTOR, Samples.SEND, "name"),
        missing(ConnectorCodecs.FOREIGN_CONNECTOR, Samples.FOREIGN, "name"),
        missing(ConnectorCodecs.FOREIGN_CONNECTOR, Samples.FOREIGN, "dropDirectory"),
        missing(ConnectorCodecs.RECEIVE_CONNECTOR, Samples.RECEIVE, "server"),
        missing(ConnectorCodecs.RECEIVE_CONNECTOR, Samples.RECEIVE, "name"),
        missing(RuntimeCodecs.MEMBER, Samples.MEMBER, "server"),
        missing(RuntimeCodecs.MEMBER, Samples.MEMBER, "role"),
        missing(RuntimeCodecs.MEMBER, Samples.MEMBER, "site"),
        missing(RuntimeCodecs.MEMBER, Samples.MEMBER, "startedAt"),
        missing(RuntimeCodecs.SMTP_USER, Samples.USER, "name"),
        missing(RuntimeCodecs.SMTP_USER, Samples.USER, "passwordHash"),
        missing(RuntimeCodecs.SECRET, Samples.SECRET, "id"),
        missing(RuntimeCodecs.SECRET, Samples.SECRET, "keyId"),
        missing(RuntimeCodecs.SECRET, Samples.SECRET, "nonce"),
        missing(RuntimeCodecs.SECRET, Samples.SECRET, "ciphertext"),
        new Case<>("server fqdn null", TopologyCodecs.SERVER, Samples.HUB, t -> t.putNull("fqdn"), "fqdn", ""));
  }

  static Stream<Case<?>> malformedValues() {
    return Stream.of(
        malformed("site link cost abc", TopologyCodecs.SITE_LINK,
            Samples.LINK, "cost", "abc", "cost",
            "must be a whole number, not \"abc\""),
        malformed("site link cost 2.5", TopologyCodecs.SITE_LINK,
            Samples.LINK, "cost", 2.5, "cost", "must be a whole number"),
        malformed("role Mailbox", TopologyCodecs.SERVER, Samples.HUB, "role", "Mailbox", "role",
            "'Mailbox' is not valid: 'Mailbox' is not one of Hub, Edge"),
        malformed("name a number", TopologyCodecs.SERVER, Samples.HUB, "name", 7, "name", "must be a text, not number"),
        malformed("hub site yes", TopologyCodecs.SITE, Samples.SITE, "hubSiteEnabled", "yes",
            "hubSiteEnabled", "must be true or false"),
        malformed("domain type Mailbox", TopologyCodecs.ACCEPTED_DOMAIN, Samples.DOMAIN, "domainType", "Mailbox",
            "domainType", "accepted domain type 'Mailbox' is not one of Authoritative, InternalRelay, ExternalRelay"),
        new Case<>("address space *contoso.com", ConnectorCodecs.SEND_CONNECTOR, Samples.SEND,
            t -> t.putArray("addressSpaces").add("contoso.com").add("*contoso.com"), "addressSpaces[1]",
            "'*contoso.com' is not valid: address space '*contoso.com' is invalid"),
        new Case<>("address spaces not a list", ConnectorCodecs.SEND_CONNECTOR, Samples.SEND,
            t -> t.put("addressSpaces", "*"), "addressSpaces", "must be a list of texts"),
        new Case<>("smart host bad port", ConnectorCodecs.SEND_CONNECTOR, Samples.SEND,
            t -> t.putArray("smartHosts").add("mail.fabrikam.com:99999"), "smartHosts[0]",
            "port 99999 is outside 1 to 65535"),
        new Case<>("smart host no port", ConnectorCodecs.SEND_CONNECTOR, Samples.SEND,
            t -> t.putArray("smartHosts").add("[192.0.2.1]:smtp"), "smartHosts[0]", "a port follows the host"),
        new Case<>("source server not text", ConnectorCodecs.SEND_CONNECTOR, Samples.SEND,
            t -> t.putArray("sourceTransportServers").add("HUB1").add(2), "sourceTransportServers[1]",
            "must be a text"),
        malformed("usage type Sometimes", ConnectorCodecs.SEND_CONNECTOR, Samples.SEND, "usageType", "Sometimes",
            "usageType", "usage type 'Sometimes' is not one of Custom, Internal, Internet, Partner"),
        malformed("port 0", ConnectorCodecs.SEND_CONNECTOR, Samples.SEND, "port", 0, "",
            "port of To Fabrikam – Partner must be between 1 and 65535, not 0"),
        malformed("port too large for an int", ConnectorCodecs.SEND_CONNECTOR, Samples.SEND, "port", 1L << 40, "port",
            "must be a whole number"),
        malformed("maxMessageSize lots", ConnectorCodecs.SEND_CONNECTOR, Samples.SEND, "maxMessageSize", "lots",
            "maxMessageSize", "MaxMessageSize 'lots' is not 'unlimited', a byte count or a size such as 10MB"),
        malformed("time span ten minutes", ConnectorCodecs.SEND_CONNECTOR, Samples.SEND, "connectionInactivityTimeOut",
            "ten minutes", "connectionInactivityTimeOut", "time span 'ten minutes' is not [d.]hh:mm:ss"),
        malformed("smtpMaxMessagesPerConnection 0", ConnectorCodecs.SEND_CONNECTOR, Samples.SEND,
            "smtpMaxMessagesPerConnection", 0, "", "SmtpMaxMessagesPerConnection of To Fabrikam – Partner must be"),
        new Case<>("principal Nobody", ConnectorCodecs.SEND_CONNECTOR, Samples.SEND,
            t -> ((ObjectNode) t.get("permissions")).putArray("Nobody").add("Ms-Exch-Send-Headers-Routing"),
            "permissions.Nobody", "principal 'Nobody' is not one of Anonymous"),
        new Case<>("right unknown", ConnectorCodecs.SEND_CONNECTOR, Samples.SEND,
            t -> ((ObjectNode) t.get("permissions")).putArray("Anonymous").add("Ms-Exch-Send-Everything"),
            "permissions.Anonymous", "extended right 'Ms-Exch-Send-Everything' is not one of"),
        new Case<>("rights not a list", ConnectorCodecs.SEND_CONNECTOR, Samples.SEND,
            t -> ((ObjectNode) t.get("permissions")).put("Anonymous", "Ms-Exch-Send-Headers-Routing"),
            "permissions.Anonymous", "must be a list of extended rights"),
        malformed("permissions not an object", ConnectorCodecs.SEND_CONNECTOR, Samples.SEND, "permissions", "all",
            "permissions", "must be an object"),
        malformed("foreign maxMessageSize", ConnectorCodecs.FOREIGN_CONNECTOR, Samples.FOREIGN, "maxMessageSize",
            "-1MB", "maxMessageSize", "MaxMessageSize '-1MB' is not"),
        new Case<>("limits.maxHopCount x", ConnectorCodecs.RECEIVE_CONNECTOR, Samples.RECEIVE,
            t -> ((ObjectNode) t.get("limits")).put("maxHopCount", "x"), "limits.maxHopCount",
            "must be a whole number, not \"x\""),
        new Case<>("limits.connectionTimeout ten minutes", ConnectorCodecs.RECEIVE_CONNECTOR, Samples.RECEIVE,
            t -> ((ObjectNode) t.get("limits")).put("connectionTimeout", "ten minutes"), "limits.connectionTimeout",
            "time span 'ten minutes' is not"),
        new Case<>("limits.maxHopCount out of range", ConnectorCodecs.RECEIVE_CONNECTOR, Samples.RECEIVE,
            t -> ((ObjectNode) t.get("limits")).put("maxHopCount", 501), "limits",
            "MaxHopCount must be between 1 and 500, not 501"),
        malformed("limits not an object", ConnectorCodecs.RECEIVE_CONNECTOR, Samples.RECEIVE, "limits", "none",
            "limits", "must be an object"),
        new Case<>("binding without a port", ConnectorCodecs.RECEIVE_CONNECTOR, Samples.RECEIVE,
            t -> t.putArray("bindings").add("0.0.0.0"), "bindings[0]", "must be address:port"),
        new Case<>("no binding", ConnectorCodecs.RECEIVE_CONNECTOR, Samples.RECEIVE,
            t -> t.putArray("bindings"), "", "needs at least one binding"),
        new Case<>("auth mechanism Kerberos", ConnectorCodecs.RECEIVE_CONNECTOR, Samples.RECEIVE,
            t -> t.putArray("authMechanism").add("Kerberos"), "authMechanism[0]", "'Kerberos' is not one of None, Tls"),
        malformed("member role Mailbox", RuntimeCodecs.MEMBER, Samples.MEMBER, "role", "Mailbox", "role",
            "is not one of Hub, Edge"),
        malformed("startedAt yesterday", RuntimeCodecs.MEMBER, Samples.MEMBER, "startedAt", "yesterday", "startedAt",
            "must be an ISO-8601 instant"),
        malformed("negative queue", RuntimeCodecs.MEMBER, Samples.MEMBER, "queueLength", -1, "",
            "queue length of member HUB1 must not be negative"),
        malformed("blank password hash", RuntimeCodecs.SMTP_USER, Samples.USER, "passwordHash", " ", "",
            "password hash of SMTP user relay-app must not be empty"),
        malformed("algorithm ROT13", RuntimeCodecs.SECRET, Samples.SECRET, "algorithm", "ROT13", "algorithm",
            "'ROT13' is not AES-256-GCM"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missingFields")
  void aMissingRequiredFieldIsRefusedNamingTheField(Case<?> c) {
    CodecException e = refusal(c);

    assertThat(e.path()).isEqualTo(PATH);
    assertThat(e.field()).isEqualTo(c.field());
    assertThat(e.getMessage()).isEqualTo(PATH + ": field '" + c.field() + "' is missing; it must be a text");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedValues")
  void aMalformedValueIsRefusedNamingTheFieldAndWhy(Case<?> c) {
    CodecException e = refusal(c);

    assertThat(e.path()).isEqualTo(PATH);
    assertThat(e.field()).isEqualTo(c.field());
    assertThat(e.getMessage()).startsWith(PATH + ": ").contains(c.problem());
    if (!c.field().isEmpty()) {
      assertThat(e.getMessage()).contains("field '" + c.field() + "'");
    }
  }

  @Test
  void theModelsRefusalIsKeptAsTheCause() {
    CodecException e = refusal(malformed("role", TopologyCodecs.SERVER, Samples.HUB, "role", "Mailbox", "role", ""));

    assertThat(e).hasCauseInstanceOf(IllegalArgumentException.class);
  }

  private static CodecException refusal(Case<?> c) {
    CodecException e = catchThrowableOfType(CodecException.class, () -> decode(c));
    assertThat(e).as(c.name() + " must be refused").isNotNull();
    return e;
  }

  private static <T> T decode(Case<T> c) {
    return DirectoryCodec.decode(c.codec(), PATH, c.document());
  }

  private static <T> Case<T> missing(ObjectCodec<T> codec, T sample, String field) {
    return new Case<>(sample.getClass().getSimpleName() + " without " + field, codec, sample, t -> t.remove(field),
        field, "");
  }

  private static <T> Case<T> malformed(String name, ObjectCodec<T> codec, T sample, String field, Object value,
      String reported, String problem) {
    return new Case<>(name, codec, sample, t -> t.set(field, DirectoryCodec.mapper().valueToTree(value)), reported,
        problem);
  }
}
