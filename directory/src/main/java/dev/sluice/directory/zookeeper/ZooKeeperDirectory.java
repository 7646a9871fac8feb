package dev.sluice.directory.zookeeper;

import dev.sluice.directory.ConfigView;
import dev.sluice.directory.Directory;
import dev.sluice.directory.DirectoryException;
import dev.sluice.directory.EdgeSyncConnectors;
import dev.sluice.directory.Member;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.Versioned;
import dev.sluice.directory.WriteRules;
import dev.sluice.directory.codec.CodecException;
import dev.sluice.directory.codec.DirectoryCodec;
import dev.sluice.directory.codec.RuntimeCodecs;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.routing.model.EdgeSubscription;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.model.ReceiveConnector;
import dev.sluice.routing.model.SendConnector;
import dev.sluice.routing.model.SiteLink;
import dev.sluice.routing.model.TransportServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The {@link Directory} in ZooKeeper, through Curator: every write reads {@code /config}, validates the
 * organization as it would be after the write, and runs as one transaction that also bumps the write
 * generation (the data version of {@code /config}).
 *
 * <p>Thread-safe; the Curator client is the caller's to start and close. Writes are serializable: the
 * generation's compare-and-set makes a write that validated against a stale read fail and retry on a
 * fresh one, so two admins cannot together make what neither alone could (two connectors of one name,
 * a server removed while a connector is being pointed at it). A conflict on the object itself (the
 * version the caller read is gone) is not retried: it is the caller's {@link DirectoryException.Conflict}.
 */
public final class ZooKeeperDirectory implements Directory {
  private static final int MAX_ATTEMPTS = 20;

  private final CuratorFramework client;
  private final DirectoryLayout layout;
  private final ConfigReader reader;
  private final String organization;
  private final Transactions transactions;

  public ZooKeeperDirectory(CuratorFramework client, DirectoryLayout layout) {
    this.client = client;
    this.layout = layout;
    this.reader = new ConfigReader(client, layout);
    this.organization = DirectoryLayout.nameOf(layout.root());
    this.transactions = new Transactions(client, layout);
  }

  public DirectoryLayout layout() {
    return layout;
  }

  /** The organization's name: the last segment of the root. */
  public String organization() {
    return organization;
  }

  /** Creates the layout's containers that are missing (idempotent). */
  public void ensureLayout() {
    transactions.call("create the directory layout", () -> {
      for (String container : layout.containers()) {
        if (client.checkExists().forPath(container) == null) {
          try {
            byte[] data = container.equals(layout.config()) ? generationDocument() : new byte[0];
            client.create().creatingParentsIfNeeded().forPath(container, data);
          } catch (KeeperException.NodeExistsException raced) {
            // Another writer created it first: the same container.
          }
        }
      }
      return null;
    });
  }

  @Override
  public <T> Versioned<T> create(ObjectKind<T> kind, T object) {
    String id = kind.identity(object);
    String path = kind.path(layout, id);
    return write("create " + kind.label() + " '" + id + "'", (state, plan) -> {
      if (state.stats().containsKey(path) || state.view().get(kind, id).isPresent()) {
        throw new DirectoryException.AlreadyExists(kind.label() + " '" + id + "' exists already: change it with"
            + " set-*, or choose another name");
      }
      ConfigView after = state.view().with(kind, object);
      WriteRules.requireNoNewProblems(state.view(), after, organization, affected(kind, id, state.view(), after));
      if (kind.perServer()) {
        String container = DirectoryLayout.parentOf(path);
        if (!state.receiveContainers().contains(container)) {
          plan.create(container, new byte[0], "the Receive connector container of server '" + serverOf(id) + "'");
        }
      }
      plan.create(path, DirectoryCodec.encode(kind.codec(), object), kind.label() + " '" + id + "'");
      return new Versioned<>(object, 0, path);
    });
  }

  @Override
  public <T> Optional<Versioned<T>> get(ObjectKind<T> kind, String id) {
    String path = kind.path(layout, id);
    return transactions.call("read " + kind.label() + " '" + id + "'", () -> {
      Stat stat = new Stat();
      byte[] data;
      try {
        data = client.getData().storingStatIn(stat).forPath(path);
      } catch (KeeperException.NoNodeException e) {
        return Optional.empty();
      }
      return Optional.of(new Versioned<>(DirectoryCodec.decode(kind.codec(), path, data), stat.getVersion(), path));
    });
  }

  @Override
  public <T> List<Versioned<T>> list(ObjectKind<T> kind) {
    ConfigReader.Loaded state = transactions.call("list " + kind.label() + "s", () -> reader.read(List.of(kind)));
    List<Versioned<T>> out = new ArrayList<>();
    for (T object : state.view().all(kind)) {
      String path = kind.path(layout, kind.identity(object));
      out.add(new Versioned<>(object, state.version(path), path));
    }
    return out;
  }

  @Override
  public <T> Versioned<T> update(ObjectKind<T> kind, T object, int expectedVersion) {
    String id = kind.identity(object);
    String path = kind.path(layout, id);
    return write("change " + kind.label() + " '" + id + "'", (state, plan) -> {
      int version = state.version(path);
      if (version < 0) {
        throw Directory.notFound(kind, id);
      }
      if (version != expectedVersion) {
        throw new DirectoryException.Conflict(kind.label() + " '" + id + "' was changed by someone else since it was"
            + " read (version " + expectedVersion + ", now " + version + "): read it again and repeat the change");
      }
      ConfigView after = state.view().with(kind, object);
      WriteRules.requireNoNewProblems(state.view(), after, organization, affected(kind, id, state.view(), after));
      plan.update(path, DirectoryCodec.encode(kind.codec(), object), version, kind.label() + " '" + id + "'");
      return new Versioned<>(object, version + 1, path);
    });
  }

  @Override
  public void remove(ObjectKind<?> kind, String id) {
    if (kind == ObjectKind.EDGE_SUBSCRIPTION) {
      removeEdgeSubscription(id);
      return;
    }
    String path = kind.path(layout, id);
    write("remove " + kind.label() + " '" + id + "'", (state, plan) -> {
      int version = state.version(path);
      if (version < 0) {
        throw Directory.notFound(kind, id);
      }
      ConfigView before = state.view();
      ConfigView after = before.without(kind, id);
      if (kind == ObjectKind.SERVER) {
        WriteRules.requireServerUnused(before, id);
        for (ReceiveConnector r : before.all(ObjectKind.RECEIVE_CONNECTOR)) {
          if (r.server().equalsIgnoreCase(id)) {
            String rid = ObjectKind.RECEIVE_CONNECTOR.identity(r);
            String rpath = ObjectKind.RECEIVE_CONNECTOR.path(layout, rid);
            plan.delete(rpath, state.version(rpath), "Receive connector '" + rid + "'");
            after = after.without(ObjectKind.RECEIVE_CONNECTOR, rid);
          }
        }
        String container = layout.receiveConnectorsOf(id);
        if (state.receiveContainers().contains(container)) {
          plan.delete(container, -1, "the Receive connector container of server '" + id + "'");
        }
      } else if (kind == ObjectKind.SITE) {
        WriteRules.requireSiteUnused(before, id);
        after = withoutSiteInLinks(state, plan, after, id);
      } else if (kind == ObjectKind.RECEIVE_CONNECTOR) {
        WriteRules.requireReceiveConnectorUnused(before, before.get(ObjectKind.RECEIVE_CONNECTOR, id).orElseThrow());
      }
      WriteRules.requireNoNewProblems(before, after, organization, affected(kind, id, before, after));
      plan.delete(path, version, kind.label() + " '" + id + "'");
      return null;
    });
  }

  /** Drops {@code site} from its links: a link left with fewer than two sites goes with it. */
  private ConfigView withoutSiteInLinks(ConfigReader.Loaded state, WritePlan plan, ConfigView after, String site)
      throws Exception {
    for (SiteLink link : state.view().all(ObjectKind.SITE_LINK)) {
      if (!link.joins(site)) {
        continue;
      }
      String lpath = ObjectKind.SITE_LINK.path(layout, link.name());
      List<String> rest = link.sites().stream().filter(s -> !s.equalsIgnoreCase(site)).toList();
      if (rest.size() < 2) {
        plan.delete(lpath, state.version(lpath), "site link '" + link.name() + "'");
        after = after.without(ObjectKind.SITE_LINK, link.name());
      } else {
        SiteLink shorter = new SiteLink(link.name(), rest, link.cost(), link.exchangeCost());
        plan.update(lpath, DirectoryCodec.encode(ObjectKind.SITE_LINK.codec(), shorter), state.version(lpath),
            "site link '" + link.name() + "'");
        after = after.with(ObjectKind.SITE_LINK, shorter);
      }
    }
    return after;
  }

  @Override
  public List<SendConnector> newEdgeSubscription(String edge, String site) {
    return write("subscribe Edge '" + edge + "' to site '" + site + "'", (state, plan) -> {
      ConfigView before = state.view();
      TransportServer server = before.get(ObjectKind.SERVER, edge).orElseThrow(() -> new DirectoryException.NotFound(
          "no transport server '" + edge + "' exists: create it with new-transportserver --role edge first"));
      if (!server.isEdge()) {
        throw new IllegalArgumentException("'" + edge + "' is a Hub server; only Edge servers subscribe to a site");
      }
      before.get(ObjectKind.EDGE_SUBSCRIPTION, edge).ifPresent(s -> {
        throw new DirectoryException.AlreadyExists("Edge '" + edge + "' is subscribed to site '" + s.site()
            + "' already: remove-edgesubscription first");
      });
      EdgeSubscription subscription = new EdgeSubscription(server.name(), site);
      Optional<SendConnector> oldInternet = before.get(ObjectKind.SEND_CONNECTOR, EdgeSyncConnectors.toInternetName(site));
      Optional<SendConnector> oldInbound = before.get(ObjectKind.SEND_CONNECTOR, EdgeSyncConnectors.inboundName(site));
      SendConnector internet = EdgeSyncConnectors.toInternet(site, server.name(), oldInternet);
      SendConnector inbound = EdgeSyncConnectors.inbound(site, server.name(), oldInbound);
      ConfigView after = before.with(ObjectKind.EDGE_SUBSCRIPTION, subscription)
          .with(ObjectKind.SEND_CONNECTOR, internet)
          .with(ObjectKind.SEND_CONNECTOR, inbound);
      WriteRules.requireNoNewProblems(before, after, organization, List.of(internet.name(), inbound.name()));
      put(state, plan, internet);
      put(state, plan, inbound);
      String subPath = ObjectKind.EDGE_SUBSCRIPTION.path(layout, edge);
      plan.create(subPath, DirectoryCodec.encode(ObjectKind.EDGE_SUBSCRIPTION.codec(), subscription),
          "Edge subscription of '" + edge + "'");
      return List.of(internet, inbound);
    });
  }

  @Override
  public void removeEdgeSubscription(String edge) {
    write("remove the Edge subscription of '" + edge + "'", (state, plan) -> {
      ConfigView before = state.view();
      EdgeSubscription subscription = before.get(ObjectKind.EDGE_SUBSCRIPTION, edge)
          .orElseThrow(() -> Directory.notFound(ObjectKind.EDGE_SUBSCRIPTION, edge));
      ConfigView after = before.without(ObjectKind.EDGE_SUBSCRIPTION, edge);
      List<String> touched = new ArrayList<>();
      for (String name : List.of(EdgeSyncConnectors.toInternetName(subscription.site()),
          EdgeSyncConnectors.inboundName(subscription.site()))) {
        Optional<SendConnector> existing = before.get(ObjectKind.SEND_CONNECTOR, name);
        if (existing.isEmpty()) {
          continue;
        }
        String cpath = ObjectKind.SEND_CONNECTOR.path(layout, name);
        Optional<SendConnector> rest = EdgeSyncConnectors.withoutSource(existing.get(), edge);
        if (rest.isPresent()) {
          put(state, plan, rest.get());
          after = after.with(ObjectKind.SEND_CONNECTOR, rest.get());
          touched.add(name);
        } else {
          plan.delete(cpath, state.version(cpath), "Send connector '" + name + "'");
          after = after.without(ObjectKind.SEND_CONNECTOR, name);
        }
      }
      WriteRules.requireNoNewProblems(before, after, organization, touched);
      String subPath = ObjectKind.EDGE_SUBSCRIPTION.path(layout, edge);
      plan.delete(subPath, state.version(subPath), "Edge subscription of '" + edge + "'");
      return null;
    });
  }

  /** Creates or replaces (at the version read) the Send connector {@code c}. */
  private void put(ConfigReader.Loaded state, WritePlan plan, SendConnector c) throws Exception {
    String path = ObjectKind.SEND_CONNECTOR.path(layout, c.name());
    byte[] data = DirectoryCodec.encode(ObjectKind.SEND_CONNECTOR.codec(), c);
    int version = state.version(path);
    if (version < 0) {
      plan.create(path, data, "Send connector '" + c.name() + "'");
    } else {
      plan.update(path, data, version, "Send connector '" + c.name() + "'");
    }
  }

  @Override
  public OrganizationConfig readConfig() {
    return transactions.call("read " + layout.config(), () -> reader.read().view().organization(organization));
  }

  /** The whole of /config as read now, with the documents that could not be read. */
  public List<CodecException> invalidObjects() {
    return transactions.call("read " + layout.config(), () -> reader.read().invalid());
  }

  @Override
  public List<Member> members() {
    return transactions.call("read " + layout.members(), () -> {
      List<Member> out = new ArrayList<>();
      List<String> names;
      try {
        names = client.getChildren().forPath(layout.members());
      } catch (KeeperException.NoNodeException e) {
        return out;
      }
      for (String name : names) {
        String path = layout.members() + "/" + name;
        try {
          out.add(DirectoryCodec.decode(RuntimeCodecs.MEMBER, path, client.getData().forPath(path)));
        } catch (KeeperException.NoNodeException | CodecException gone) {
          // Left between the listing and the read, or written by a tool we do not know: not a live member.
        }
      }
      return out;
    });
  }

  /** The connectors whose validity a change of the object {@code id} of {@code kind} may change. */
  private static List<String> affected(ObjectKind<?> kind, String id, ConfigView before, ConfigView after) {
    List<String> out = new ArrayList<>();
    if (kind == ObjectKind.SEND_CONNECTOR || kind == ObjectKind.FOREIGN_CONNECTOR) {
      out.add(id);
    } else if (kind == ObjectKind.SERVER || kind == ObjectKind.EDGE_SUBSCRIPTION) {
      out.addAll(WriteRules.connectorsSourcedBy(before, id));
      out.addAll(WriteRules.connectorsSourcedBy(after, id));
    } else if (kind == ObjectKind.RECEIVE_CONNECTOR) {
      before.get(ObjectKind.RECEIVE_CONNECTOR, id).ifPresent(r -> out.addAll(WriteRules.connectorsLinking(before, r)));
      after.get(ObjectKind.RECEIVE_CONNECTOR, id).ifPresent(r -> out.addAll(WriteRules.connectorsLinking(after, r)));
    }
    return out;
  }

  private static String serverOf(String receiveIdentity) {
    return receiveIdentity.substring(0, receiveIdentity.indexOf('\\'));
  }

  private byte[] generationDocument() {
    return ("{\"schemaVersion\":" + DirectoryCodec.SCHEMA_VERSION + ",\"organization\":\""
        + organization.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** Plans one attempt of a write against a fresh read. */
  @FunctionalInterface
  private interface Planner<R> {
    R plan(ConfigReader.Loaded state, WritePlan plan) throws Exception;
  }

  /**
   * Runs {@code planner} against a fresh read and commits its plan with the generation bump, again on a
   * fresh read whenever another write committed in between.
   */
  private <R> R write(String what, Planner<R> planner) {
    ensureLayoutIfMissing();
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt == MAX_ATTEMPTS;
      Optional<R> done = transactions.call(what, () -> {
        ConfigReader.Loaded state = reader.read();
        WritePlan plan = new WritePlan(client);
        plan.update(layout.config(), generationDocument(), state.generationVersion(), "the write generation");
        R result = planner.plan(state, plan);
        return transactions.commit(what, plan, last) ? Optional.ofNullable(result) : null;
      });
      if (done != null) {
        return done.orElse(null);
      }
    }
  }

  private void ensureLayoutIfMissing() {
    boolean missing = transactions.call("read " + layout.config(), () -> client.checkExists().forPath(layout.config()) == null);
    if (missing) {
      ensureLayout();
    }
  }
}
