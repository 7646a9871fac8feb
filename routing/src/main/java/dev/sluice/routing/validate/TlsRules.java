package dev.sluice.routing.validate;

import dev.sluice.routing.address.AddressSpace;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.UsageType;
import java.util.stream.Stream;

/**
 * The rules on a Send connector's security settings: smart host authentication, RequireTLS,
 * IgnoreStartTLS and domain security (mutual TLS).
 *
 * <p>Stateless and thread-safe; each rule returns its problems and never throws.
 */
final class TlsRules {
  private TlsRules() {}

  static Stream<ValidationProblem> check(ConnectorFacts f) {
    return Stream.of(
            authenticationNeedsSmartHosts(f),
            requireTlsNeedsSmartHosts(f),
            requireTlsNeedsStartTls(f),
            basicAuthRequireTlsNeedsStartTls(f),
            basicAuthNeedsCredential(f),
            partnerNeedsDomainSecure(f),
            domainSecureNeedsDnsRouting(f),
            domainSecureNeedsStartTls(f),
            domainSecureNeedsNamedDomains(f))
        .flatMap(s -> s);
  }

  // The reference: "you must specify how the source server will authenticate to the smart host"; an MX
  // host is a stranger with whom there is nothing to authenticate.
  static Stream<ValidationProblem> authenticationNeedsSmartHosts(ConnectorFacts f) {
    SendConnector c = f.send();
    return f.when(
        c.smartHostAuthMechanism() != SmartHostAuthMechanism.NONE && c.smartHosts().isEmpty(),
        "SmartHostAuthMechanism",
        "authentication " + c.smartHostAuthMechanism().exchangeName() + " applies to smart hosts only: set"
            + " SmartHostAuthMechanism None, or relay through SmartHosts");
  }

  // The reference: "You can't require security settings for a Send connector unless a smart host
  // destination is specified. For example, an Internet-facing connector cannot be set to require TLS."
  // Domain security is the one TLS setting of a DNS connector.
  static Stream<ValidationProblem> requireTlsNeedsSmartHosts(ConnectorFacts f) {
    SendConnector c = f.send();
    return f.when(
        c.requireTls() && c.smartHosts().isEmpty(),
        "RequireTLS",
        "a connector that routes by DNS cannot require TLS: set RequireTLS false (use DomainSecureEnabled for"
            + " mutual TLS with a partner domain), or relay through SmartHosts");
  }

  // Requiring TLS while never sending STARTTLS would defer every message.
  static Stream<ValidationProblem> requireTlsNeedsStartTls(ConnectorFacts f) {
    SendConnector c = f.send();
    return f.when(
        c.requireTls() && c.ignoreStartTls(),
        "IgnoreStartTLS",
        "RequireTLS true and IgnoreStartTLS true contradict each other: set IgnoreStartTLS false, or RequireTLS"
            + " false");
  }

  // BasicAuthRequireTLS authenticates only after STARTTLS (reference, Table 5), which IgnoreStartTLS forbids.
  static Stream<ValidationProblem> basicAuthRequireTlsNeedsStartTls(ConnectorFacts f) {
    SendConnector c = f.send();
    return f.when(
        c.smartHostAuthMechanism() == SmartHostAuthMechanism.BASIC_AUTH_REQUIRE_TLS && c.ignoreStartTls(),
        "IgnoreStartTLS",
        "SmartHostAuthMechanism BasicAuthRequireTLS needs STARTTLS: set IgnoreStartTLS false, or choose another"
            + " SmartHostAuthMechanism");
  }

  // The reference: "Basic authentication requires that you provide a user name and password."
  static Stream<ValidationProblem> basicAuthNeedsCredential(ConnectorFacts f) {
    SendConnector c = f.send();
    return f.when(
        c.smartHostAuthMechanism().needsCredential() && c.authenticationCredential().isEmpty(),
        "AuthenticationCredential",
        "SmartHostAuthMechanism " + c.smartHostAuthMechanism().exchangeName() + " sends a user name and"
            + " password: set AuthenticationCredential to the secret holding them, or choose another"
            + " SmartHostAuthMechanism");
  }

  // The reference, Table 1: the Partner usage type "is selected when you establish mutual Transport Layer
  // Security (TLS) authentication with a remote domain"; without domain security it means nothing.
  static Stream<ValidationProblem> partnerNeedsDomainSecure(ConnectorFacts f) {
    SendConnector c = f.send();
    return f.when(
        c.usageType() == UsageType.PARTNER && !c.domainSecureEnabled(),
        "DomainSecureEnabled",
        "a Partner connector is mutual TLS with the partner domain: set DomainSecureEnabled true");
  }

  // The reference, Table 2: mutual TLS "functions correctly only if" DNSRoutingEnabled is $True: the
  // certificate is checked against the recipient domain's own MX hosts.
  static Stream<ValidationProblem> domainSecureNeedsDnsRouting(ConnectorFacts f) {
    SendConnector c = f.send();
    return f.when(
        c.domainSecureEnabled() && !c.dnsRoutingEnabled(),
        "DNSRoutingEnabled",
        "domain security (DomainSecureEnabled) works with DNS routing only: set DNSRoutingEnabled true and remove"
            + " the smart hosts, or set DomainSecureEnabled false");
  }

  // The reference, Table 2: mutual TLS needs IgnoreStartTLS $False, as there is no TLS without STARTTLS.
  static Stream<ValidationProblem> domainSecureNeedsStartTls(ConnectorFacts f) {
    SendConnector c = f.send();
    return f.when(
        c.domainSecureEnabled() && c.ignoreStartTls(),
        "IgnoreStartTLS",
        "domain security (DomainSecureEnabled) needs STARTTLS: set IgnoreStartTLS false, or DomainSecureEnabled"
            + " false");
  }

  // Domain security is agreed with named partner domains; on '*' it would demand mutual TLS of the
  // whole Internet and defer nearly all mail.
  static Stream<ValidationProblem> domainSecureNeedsNamedDomains(ConnectorFacts f) {
    SendConnector c = f.send();
    boolean star =
        c.addressSpaces().stream()
            .anyMatch(s -> s.isSmtp() && s.smtpForm() == AddressSpace.SmtpForm.ALL);
    return f.when(
        c.domainSecureEnabled() && star,
        "AddressSpaces",
        "domain security (DomainSecureEnabled) is for named partner domains, not '*': replace '*' in"
            + " AddressSpaces with the partner domains, or set DomainSecureEnabled false");
  }
}
