package dev.sluice.routing.firewall;

import dev.sluice.routing.model.ExtendedRight;
import dev.sluice.routing.model.Principal;
import dev.sluice.routing.model.SendConnector;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Strips from a message's header block the fields the sending session has no right to send on a Send
 * connector: Received without Ms-Exch-Send-Headers-Routing, {@code X-MS-Exchange-Organization-*} without
 * Ms-Exch-Send-Headers-Organization, {@code X-MS-Exchange-Forest-*} without Ms-Exch-Send-Headers-Forest
 * (reference, Table 3). ms-Exch-Send-Exch50 guards no header.
 *
 * <p>Stateless and thread-safe. A field goes whole, with its continuation lines; everything kept is copied
 * byte for byte, whatever its spacing or encoding, and the empty line and body after the header section
 * are never touched. When nothing is stripped the input array itself is returned (no copy on the common
 * path), so callers must not change it afterwards. Parsing is lenient (see {@link Headers}) and never
 * fails.
 */
public final class HeaderFirewall {
  /** Every right: what a hop between nodes of the organization carries, so nothing is stripped. */
  public static final Set<ExtendedRight> EVERY_RIGHT =
      Collections.unmodifiableSet(EnumSet.allOf(ExtendedRight.class));

  private HeaderFirewall() {}

  /** The headers to send on {@code connector} in a session acting as {@code principal}. */
  public static byte[] filter(byte[] headerBlock, SendConnector connector, Principal principal) {
    Objects.requireNonNull(connector, "Send connector must be given");
    Objects.requireNonNull(principal, "principal of the sending session must be given");
    return filter(headerBlock, connector.permissions().rightsOf(principal));
  }

  /** The headers to send by a session that holds {@code rights}; {@link #EVERY_RIGHT} keeps them all. */
  public static byte[] filter(byte[] headerBlock, Set<ExtendedRight> rights) {
    Objects.requireNonNull(headerBlock, "header block must be given (an empty array when none)");
    Objects.requireNonNull(rights, "rights must be given (an empty set when the session holds none)");
    if (HeaderFamily.rightsAllHeldIn(rights)) {
      return headerBlock;
    }
    Headers.Cursor cursor = new Headers.Cursor(headerBlock);
    byte[] kept = null;
    int keptLength = 0;
    int keepFrom = 0;
    while (cursor.next()) {
      HeaderFamily family = cursor.family();
      if (family != null && !rights.contains(family.right())) {
        if (kept == null) {
          kept = new byte[headerBlock.length];
        }
        int length = cursor.start() - keepFrom;
        System.arraycopy(headerBlock, keepFrom, kept, keptLength, length);
        keptLength += length;
        keepFrom = cursor.end();
      }
    }
    if (kept == null) {
      return headerBlock;
    }
    int rest = headerBlock.length - keepFrom;
    System.arraycopy(headerBlock, keepFrom, kept, keptLength, rest);
    return Arrays.copyOf(kept, keptLength + rest);
  }

  /** How many Received fields {@code headerBlock} holds (see {@link Headers#countReceived}). */
  public static int countReceived(byte[] headerBlock) {
    return Headers.countReceived(headerBlock);
  }
}
