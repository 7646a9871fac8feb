package dev.sluice.routing.validate;

import dev.sluice.routing.model.ExtendedRight;
import dev.sluice.routing.model.Permissions;
import dev.sluice.routing.model.Principal;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.UsageType;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The defaults a usage type writes into a new Send connector (reference, Table 1): its permissions,
 * the principals they are granted to, and its smart host authentication.
 *
 * <p>Stateless and thread-safe. The defaults are written into the connector when it is created, not
 * derived from the usage type later, so that removing a default right ({@link Permissions#revoke}, the
 * reference's Remove-ADPermission) sticks. Partner also turns DomainSecureEnabled on: mutual TLS is
 * what the reference says Partner is selected for, and {@link ConnectorValidator} requires it.
 */
public final class UsageDefaults {
  private static final Set<ExtendedRight> INTERNAL_RIGHTS =
      EnumSet.of(
          ExtendedRight.SEND_HEADERS_ORGANIZATION,
          ExtendedRight.SEND_EXCH50,
          ExtendedRight.SEND_HEADERS_ROUTING,
          ExtendedRight.SEND_HEADERS_FOREST);
  private static final Set<ExtendedRight> ROUTING_ONLY = EnumSet.of(ExtendedRight.SEND_HEADERS_ROUTING);

  private UsageDefaults() {}

  /** The default permissions of {@code usage}, Table 1's second and third columns. */
  public static Permissions permissions(UsageType usage) {
    return switch (usage) {
      case CUSTOM -> Permissions.NONE;
      // Hub and Edge Transport servers and Exchange Servers are the one principal ExchangeServers;
      // the Legacy Interop group and the 2003/2000 bridgeheads are ExchangeLegacyInterop.
      case INTERNAL ->
          Permissions.NONE
              .grant(Principal.EXCHANGE_SERVERS, INTERNAL_RIGHTS)
              .grant(Principal.EXTERNALLY_SECURED_SERVERS, INTERNAL_RIGHTS)
              .grant(Principal.EXCHANGE_LEGACY_INTEROP, INTERNAL_RIGHTS);
      case INTERNET -> Permissions.NONE.grant(Principal.ANONYMOUS, ROUTING_ONLY);
      case PARTNER -> Permissions.NONE.grant(Principal.PARTNER_SERVERS, ROUTING_ONLY);
    };
  }

  /**
   * The default smart host authentication of {@code usage}, Table 1's last column; Partner's "not
   * applicable" is None, since a Partner connector routes by DNS.
   */
  public static SmartHostAuthMechanism smartHostAuthMechanism(UsageType usage) {
    return usage == UsageType.INTERNAL ? SmartHostAuthMechanism.EXCHANGE_SERVER : SmartHostAuthMechanism.NONE;
  }

  /**
   * Builds the connector {@code new-sendconnector} writes: {@code builder}'s values with the usage type
   * ({@code Custom} when none is given), the usage type's permissions added to any the builder holds,
   * and the smart host authentication {@code explicitAuth} when the operator gave one, else the usage
   * type's default. The reference's note on Table 1 holds: a connector that routes by DNS gets no
   * authentication by default. The result is not validated: run {@link ConnectorValidator} on it.
   *
   * @param builder the connector as the operator described it; it is changed (usage type)
   * @param usage the usage type given, if any
   * @param explicitAuth the SmartHostAuthMechanism the operator gave, if any
   */
  public static SendConnector newConnector(
      SendConnector.Builder builder, Optional<UsageType> usage, Optional<SmartHostAuthMechanism> explicitAuth) {
    UsageType type = usage.orElse(UsageType.CUSTOM);
    SendConnector described = builder.usageType(type).build();
    SmartHostAuthMechanism auth =
        explicitAuth.orElse(
            described.dnsRoutingEnabled() ? SmartHostAuthMechanism.NONE : smartHostAuthMechanism(type));
    Permissions permissions = described.permissions();
    for (var entry : permissions(type).entries().entrySet()) {
      permissions = permissions.grant(entry.getKey(), entry.getValue());
    }
    return described.toBuilder()
        .permissions(permissions)
        .smartHostAuthMechanism(auth)
        .domainSecureEnabled(described.domainSecureEnabled() || type == UsageType.PARTNER)
        .build();
  }
}
