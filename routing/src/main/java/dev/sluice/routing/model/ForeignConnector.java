package dev.sluice.routing.model;

import dev.sluice.routing.address.AddressSpace;
import java.util.List;

/**
 * A Foreign connector: Hub only, address spaces of any type, and delivery by dropping each message as a
 * file into a drop directory instead of SMTP.
 *
 * @param name unique among all connectors of the organization
 * @param addressSpaces at least one
 * @param sourceTransportServers the hubs that write to the drop directory
 * @param dropDirectory where messages are written (a path as the source servers see it)
 * @param enabled a disabled connector never matches
 * @param maxMessageSize larger messages do not use it
 * @param isScopedConnector usable only from the source servers' site
 * @param comment free text for the administrator
 */
public record ForeignConnector(
    String name,
    List<AddressSpace> addressSpaces,
    List<String> sourceTransportServers,
    String dropDirectory,
    boolean enabled,
    MaxMessageSize maxMessageSize,
    boolean isScopedConnector,
    String comment)
    implements Connector {
  public ForeignConnector {
    name = Names.requireName(name, "connector name");
    addressSpaces = Names.copyOf(addressSpaces, "address spaces of " + name);
    sourceTransportServers = Names.copyOf(sourceTransportServers, "source transport servers of " + name);
    dropDirectory = Names.requireName(dropDirectory, "drop directory of " + name);
    if (maxMessageSize == null) {
      maxMessageSize = MaxMessageSize.UNLIMITED;
    }
    comment = comment == null ? "" : comment;
  }

  /** An enabled, unscoped Foreign connector with no size limit. */
  public static ForeignConnector of(
      String name, List<AddressSpace> spaces, List<String> sourceServers, String dropDirectory) {
    return new ForeignConnector(name, spaces, sourceServers, dropDirectory, true, MaxMessageSize.UNLIMITED, false, "");
  }
}
