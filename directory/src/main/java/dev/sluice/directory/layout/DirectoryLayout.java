package dev.sluice.directory.layout;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one place that spells the directory's znode paths (DESIGN.md, "The directory in ZooKeeper").
 *
 * <p>Immutable and thread-safe. Object names are case-insensitive, as Exchange's are, so a znode is
 * named by the object's name in lower case, percent-encoded where ZooKeeper or a reader would stumble
 * ('/', '%', a leading '.', characters ZooKeeper refuses); the name as the operator wrote it is kept in the
 * document. Two objects whose names differ only in case therefore collide in ZooKeeper itself.
 */
public final class DirectoryLayout {
  /** The organization a node or the CLI serves when none is configured. */
  public static final String DEFAULT_ORGANIZATION = "default";

  private static final Pattern ROOT = Pattern.compile("(/[^/\\u0000-\\u001f]+)+");

  private final String root;
  // Spelled once: the cache asks for them for every znode it sees.
  private final String config;
  private final String sites;
  private final String siteLinks;
  private final String servers;
  private final String acceptedDomains;
  private final String connectors;
  private final String sendConnectors;
  private final String foreignConnectors;
  private final String receiveConnectors;
  private final String edgeSubscriptions;
  private final String users;
  private final String secrets;
  private final String runtime;
  private final String members;

  private DirectoryLayout(String root) {
    this.root = root;
    this.config = root + "/config";
    this.sites = config + "/sites";
    this.siteLinks = config + "/site-links";
    this.servers = config + "/servers";
    this.acceptedDomains = config + "/accepted-domains";
    this.connectors = config + "/connectors";
    this.sendConnectors = connectors + "/send";
    this.foreignConnectors = connectors + "/foreign";
    this.receiveConnectors = connectors + "/receive";
    this.edgeSubscriptions = config + "/edge-subscriptions";
    this.users = config + "/users";
    this.secrets = root + "/secrets";
    this.runtime = root + "/runtime";
    this.members = runtime + "/members";
  }

  /** The layout under {@code root}, such as {@code /sluice/contoso}. */
  public static DirectoryLayout at(String root) {
    Objects.requireNonNull(root, "the directory root must be given");
    String r = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
    if (!ROOT.matcher(r).matches() || r.contains("/./") || r.contains("/../") || r.endsWith("/.")
        || r.endsWith("/..") || r.equals("/zookeeper") || r.startsWith("/zookeeper/")) {
      throw new IllegalArgumentException("directory root '" + root
          + "' must be an absolute znode path such as /sluice/contoso, outside /zookeeper");
    }
    return new DirectoryLayout(r);
  }

  /** The default layout of {@code organization}: {@code /sluice/<organization>}. */
  public static DirectoryLayout forOrganization(String organization) {
    return at("/sluice/" + encode(organization));
  }

  public String root() {
    return root;
  }

  /** The configuration subtree; its data is the write generation every write of /config bumps. */
  public String config() {
    return config;
  }

  public String sites() {
    return sites;
  }

  public String siteLinks() {
    return siteLinks;
  }

  public String servers() {
    return servers;
  }

  public String acceptedDomains() {
    return acceptedDomains;
  }

  public String connectors() {
    return connectors;
  }

  public String sendConnectors() {
    return sendConnectors;
  }

  /** Foreign connectors: not in DESIGN.md's list; the README says why they have their own container. */
  public String foreignConnectors() {
    return foreignConnectors;
  }

  public String receiveConnectors() {
    return receiveConnectors;
  }

  /** The Receive connectors of one server. */
  public String receiveConnectorsOf(String server) {
    return child(receiveConnectors(), server);
  }

  public String edgeSubscriptions() {
    return edgeSubscriptions;
  }

  public String users() {
    return users;
  }

  public String secrets() {
    return secrets;
  }

  public String runtime() {
    return runtime;
  }

  public String members() {
    return members;
  }

  /** The live registration of {@code server}. */
  public String member(String server) {
    return child(members(), server);
  }

  public String secret(String id) {
    return child(secrets(), id);
  }

  /** Every container the layout creates, parents first. */
  public java.util.List<String> containers() {
    return java.util.List.of(root, config(), sites(), siteLinks(), servers(), acceptedDomains(), connectors(),
        sendConnectors(), foreignConnectors(), receiveConnectors(), edgeSubscriptions(), users(), secrets(),
        runtime(), members());
  }

  /** The znode of the object called {@code name} under {@code container}. */
  public static String child(String container, String name) {
    return container + "/" + encode(name);
  }

  /**
   * The znode name of an object name: lower case, with '/', '%', a leading '.' and every character
   * ZooKeeper refuses in a path percent-encoded as UTF-8 (ZooKeeper refuses "." and "..", any '/',
   * control characters, surrogates, so every character outside the BMP, the private use area and
   * U+FFF0 to U+FFFF).
   */
  public static String encode(String name) {
    Objects.requireNonNull(name, "an object name must be given");
    if (name.isBlank()) {
      throw new IllegalArgumentException("an object name must not be empty");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i += Character.charCount(lower.codePointAt(i))) {
      int c = lower.codePointAt(i);
      if (mustEscape(c, i == 0)) {
        for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(String.format("%02X", b & 0xff));
        }
      } else {
        out.appendCodePoint(c);
      }
    }
    return out.toString();
  }

  // The ranges are those of ZooKeeper's PathUtils.validatePath, which would refuse the whole path.
  private static boolean mustEscape(int c, boolean first) {
    return c == '/' || c == '%' || (first && c == '.') || Character.isISOControl(c)
        || c > 0xffff || (c >= 0xd800 && c <= 0xf8ff) || c >= 0xfff0;
  }

  /** The last segment of {@code path}, decoded. */
  public static String nameOf(String path) {
    String segment = path.substring(path.lastIndexOf('/') + 1);
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The parent of {@code path}. */
  public static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  @Override
  public String toString() {
    return root;
  }
}
