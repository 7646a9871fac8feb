package dev.sluice.routing.firewall;

import dev.sluice.routing.model.ExtendedRight;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The header fields a Send connector permission guards (reference, Table 3), each with its right.
 *
 * <p>Immutable and thread-safe. Field names match case-insensitively (RFC 5322 section 1.2.2); only
 * ASCII letters fold, since a field name is printable ASCII.
 */
public enum HeaderFamily {
  /** {@code Received:}: the trace of every hop, kept only with Ms-Exch-Send-Headers-Routing. */
  ROUTING("Received", false, ExtendedRight.SEND_HEADERS_ROUTING),
  /** Fields starting {@code X-MS-Exchange-Organization-}, kept only with Ms-Exch-Send-Headers-Organization. */
  ORGANIZATION("X-MS-Exchange-Organization-", true, ExtendedRight.SEND_HEADERS_ORGANIZATION),
  /** Fields starting {@code X-MS-Exchange-Forest-}, kept only with Ms-Exch-Send-Headers-Forest. */
  FOREST("X-MS-Exchange-Forest-", true, ExtendedRight.SEND_HEADERS_FOREST);

  private static final HeaderFamily[] ALL = values();

  private final String name;
  private final byte[] lowerCaseName;
  private final boolean isPrefix;
  private final ExtendedRight right;

  HeaderFamily(String name, boolean isPrefix, ExtendedRight right) {
    this.name = name;
    this.lowerCaseName = name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    this.isPrefix = isPrefix;
    this.right = right;
  }

  /** The field name, or the prefix of the field names, of this family. */
  public String fieldName() {
    return name;
  }

  /** The right that lets these fields leave on a connector. */
  public ExtendedRight right() {
    return right;
  }

  /** The family of the field called {@code fieldName}, if it belongs to one. */
  public static Optional<HeaderFamily> of(String fieldName) {
    byte[] bytes = fieldName.getBytes(StandardCharsets.UTF_8);
    return Optional.ofNullable(find(bytes, 0, bytes.length));
  }

  /** Whether {@code rights} hold the right of every family: then no field is stripped. */
  static boolean rightsAllHeldIn(Set<ExtendedRight> rights) {
    for (HeaderFamily family : ALL) {
      if (!rights.contains(family.right)) {
        return false;
      }
    }
    return true;
  }

  /** The family of the field name {@code block[from, to)}, or null; allocates nothing. */
  static HeaderFamily find(byte[] block, int from, int to) {
    for (HeaderFamily family : ALL) {
      if (family.matches(block, from, to)) {
        return family;
      }
    }
    return null;
  }

  private boolean matches(byte[] block, int from, int to) {
    int length = to - from;
    if (isPrefix ? length < lowerCaseName.length : length != lowerCaseName.length) {
      return false;
    }
    for (int i = 0; i < lowerCaseName.length; i++) {
      byte b = block[from + i];
      byte lower = b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
      if (lower != lowerCaseName[i]) {
        return false;
      }
    }
    return true;
  }
}
