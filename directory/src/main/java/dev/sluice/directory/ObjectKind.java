package dev.sluice.directory;

import dev.sluice.directory.codec.ConnectorCodecs;
import dev.sluice.directory.codec.ObjectCodec;
import dev.sluice.directory.codec.RuntimeCodecs;
import dev.sluice.directory.codec.TopologyCodecs;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.routing.model.AcceptedDomain;
import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.ForeignConnector;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.Site;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One kind of object the directory stores under {@code /config}: its label for messages, its codec, its
 * identity and where its znode is.
 *
 * <p>Immutable and thread-safe. An object's identity is its name, except a Receive connector's, which is
 * {@code SERVER\Name} as Exchange writes it (its znode is under its server's container) and an Edge
 * subscription's, which is its Edge server.
 *
 * @param <T> the object type
 */
public final class ObjectKind<T> {
  public static final ObjectKind<Site> SITE =
      new ObjectKind<>("site", Site.class, TopologyCodecs.SITE, Site::name, DirectoryLayout::sites);
  public static final ObjectKind<SiteLink> SITE_LINK =
      new ObjectKind<>("site link", SiteLink.class, TopologyCodecs.SITE_LINK, SiteLink::name, DirectoryLayout::siteLinks);
  public static final ObjectKind<TransportServer> SERVER = new ObjectKind<>(
      "transport server", TransportServer.class, TopologyCodecs.SERVER, TransportServer::name, DirectoryLayout::servers);
  public static final ObjectKind<AcceptedDomain> ACCEPTED_DOMAIN = new ObjectKind<>("accepted domain",
      AcceptedDomain.class, TopologyCodecs.ACCEPTED_DOMAIN, AcceptedDomain::domainName, DirectoryLayout::acceptedDomains);
  public static final ObjectKind<SendConnector> SEND_CONNECTOR = new ObjectKind<>("Send connector",
      SendConnector.class, ConnectorCodecs.SEND_CONNECTOR, SendConnector::name, DirectoryLayout::sendConnectors);
  public static final ObjectKind<ForeignConnector> FOREIGN_CONNECTOR = new ObjectKind<>("Foreign connector",
      ForeignConnector.class, ConnectorCodecs.FOREIGN_CONNECTOR, ForeignConnector::name,
      DirectoryLayout::foreignConnectors);
  public static final ObjectKind<ReceiveConnector> RECEIVE_CONNECTOR = new ObjectKind<>("Receive connector",
      ReceiveConnector.class, ConnectorCodecs.RECEIVE_CONNECTOR, ObjectKind::receiveIdentity,
      DirectoryLayout::receiveConnectors);
  public static final ObjectKind<EdgeSubscription> EDGE_SUBSCRIPTION = new ObjectKind<>("Edge subscription",
      EdgeSubscription.class, TopologyCodecs.EDGE_SUBSCRIPTION, EdgeSubscription::edgeServer,
      DirectoryLayout::edgeSubscriptions);
  public static final ObjectKind<SmtpUser> SMTP_USER =
      new ObjectKind<>("SMTP user", SmtpUser.class, RuntimeCodecs.SMTP_USER, SmtpUser::name, DirectoryLayout::users);

  /** Every kind, in the order a whole directory is best read and written (what others name comes first). */
  public static final List<ObjectKind<?>> ALL = List.of(
      SITE, SITE_LINK, SERVER, ACCEPTED_DOMAIN, EDGE_SUBSCRIPTION, RECEIVE_CONNECTOR, SEND_CONNECTOR,
      FOREIGN_CONNECTOR, SMTP_USER);

  private final String label;
  private final Class<T> type;
  private final ObjectCodec<T> codec;
  private final Function<T, String> identity;
  private final Function<DirectoryLayout, String> container;

  private ObjectKind(String label, Class<T> type, ObjectCodec<T> codec, Function<T, String> identity,
      Function<DirectoryLayout, String> container) {
    this.label = label;
    this.type = type;
    this.codec = codec;
    this.identity = identity;
    this.container = container;
  }

  /** How messages name this kind: "Send connector". */
  public String label() {
    return label;
  }

  public Class<T> type() {
    return type;
  }

  public ObjectCodec<T> codec() {
    return codec;
  }

  /** The identity of {@code object}: what get, set and remove name it by. */
  public String identity(T object) {
    return identity.apply(object);
  }

  /** The container znode of this kind. */
  public String container(DirectoryLayout layout) {
    return container.apply(layout);
  }

  /** Whether objects of this kind live one level deeper, in a container per server. */
  public boolean perServer() {
    return this == RECEIVE_CONNECTOR;
  }

  /** The znode of the object with identity {@code id}. */
  public String path(DirectoryLayout layout, String id) {
    if (perServer()) {
      int slash = id.indexOf('\\');
      if (slash <= 0 || slash == id.length() - 1) {
        throw new IllegalArgumentException(
            "Receive connector identity '" + id + "' must be SERVER\\Name, such as 'HUB1\\Default HUB1'");
      }
      return DirectoryLayout.child(layout.receiveConnectorsOf(id.substring(0, slash)), id.substring(slash + 1));
    }
    return DirectoryLayout.child(container(layout), id);
  }

  /** The kind whose objects live at {@code path}, if the path is an object's znode. */
  public static Optional<ObjectKind<?>> ofPath(DirectoryLayout layout, String path) {
    String parent = DirectoryLayout.parentOf(path);
    for (ObjectKind<?> kind : ALL) {
      String container = kind.container(layout);
      if (kind.perServer() ? DirectoryLayout.parentOf(parent).equals(container) : parent.equals(container)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  private static String receiveIdentity(ReceiveConnector c) {
    return c.server() + "\\" + c.name();
  }

  @Override
  public String toString() {
    return label;
  }
}
