package dev.sluice.routing.model;

import dev.sluice.routing.address.AddressSpace;
import java.util.List;

/**
 * What connector selection needs of a connector: a Send connector or a Foreign connector.
 */
public sealed interface Connector permits SendConnector, ForeignConnector {
  String name();

  List<AddressSpace> addressSpaces();

  List<String> sourceTransportServers();

  boolean enabled();

  MaxMessageSize maxMessageSize();

  /** SP1's IsScopedConnector: every address space is usable only from the source servers' site. */
  boolean isScopedConnector();

  /** Whether {@code space} of this connector is usable only from its source servers' site. */
  default boolean isScoped(AddressSpace space) {
    return isScopedConnector() || space.local();
  }
}
