package dev.sluice.directory.zookeeper;

import dev.sluice.directory.ConfigView;
import dev.sluice.directory.DirectorySnapshot;
import dev.sluice.directory.DirectorySnapshot.InvalidObject;
import dev.sluice.directory.Member;
import dev.sluice.directory.ObjectKind;
import dev.sluice.directory.SmtpUser;
import dev.sluice.directory.codec.CodecException;
import dev.sluice.directory.codec.DirectoryCodec;
import dev.sluice.directory.codec.RuntimeCodecs;
import dev.sluice.directory.layout.DirectoryLayout;
import dev.sluice.routing.model.Connector;
import dev.sluice.routing.model.OrganizationConfig;
import dev.sluice.routing.validate.ConnectorValidator;
import dev.sluice.routing.validate.ValidationProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the znodes of a directory, fed to it change by change, into {@link DirectorySnapshot}s: decodes
 * each document once per version, validates connectors, and keeps an object's last valid version in
 * place of a broken one.
 *
 * <p>Not thread-safe: one thread (the cache's) feeds it and assembles. Never throws for a bad
 * document: it is logged once per version, counted, reported in the snapshot, and either replaced by its
 * last valid version or left out when it never was valid (so mail for {@code *.contoso.com} does not
 * silently fall through to {@code *} because someone wrote a broken connector).
 */
public final class SnapshotAssembler {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotAssembler.class);

  /** One stored object: its kind, version and either the object or why it could not be read. */
  private record Stored(ObjectKind<?> kind, long mzxid, Object object, String problem) {}

  /** From how many changed connectors the check runs on every core. */
  private static final int PARALLEL_CHECK = 1_000;

  private final DirectoryLayout layout;
  private final String organization;
  /** Object znodes under /config, sorted by path so that a snapshot never depends on arrival order. */
  private final Map<String, Stored> objects = new TreeMap<>();
  private final Map<String, Object> lastValid = new HashMap<>();
  private final Map<String, Member> members = new TreeMap<>();
  private final Set<String> changedObjects = new HashSet<>();
  private boolean configChanged = true;
  private boolean membersChanged = true;
  private long zxid;
  private long invalidSeen;
  private long sequence;
  private DirectorySnapshot last;

  public SnapshotAssembler(DirectoryLayout layout) {
    this.layout = layout;
    this.organization = DirectoryLayout.nameOf(layout.root());
  }

  /** A znode was created or changed. */
  public void put(String path, byte[] data, long mzxid, long pzxid) {
    zxid = Math.max(zxid, Math.max(mzxid, pzxid));
    if (DirectoryLayout.parentOf(path).equals(layout.members())) {
      putMember(path, data, mzxid);
      return;
    }
    var kind = ObjectKind.ofPath(layout, path);
    if (kind.isEmpty() || !path.startsWith(layout.config() + "/")) {
      return; // A container, the write generation, a secret: not configuration objects.
    }
    Stored old = objects.get(path);
    if (old != null && old.mzxid() == mzxid) {
      return;
    }
    try {
      Object object = DirectoryCodec.decode(kind.get().codec(), path, data);
      objects.put(path, new Stored(kind.get(), mzxid, object, null));
    } catch (CodecException e) {
      objects.put(path, new Stored(kind.get(), mzxid, null, e.getMessage()));
      reject(e.getMessage());
    }
    changedObjects.add(path);
    configChanged = true;
  }

  /** A znode was removed. */
  public void remove(String path) {
    if (members.remove(path) != null) {
      membersChanged = true;
    }
    if (objects.remove(path) != null) {
      lastValid.remove(path);
      changedObjects.remove(path);
      configChanged = true;
    }
  }

  /** Forgets every znode (a resync follows with every current one). */
  public void clear() {
    objects.clear();
    members.clear();
    changedObjects.clear();
    configChanged = true;
    membersChanged = true;
  }

  /** How many invalid document versions were seen so far. */
  public long invalidSeen() {
    return invalidSeen;
  }

  /**
   * The snapshot of what was fed so far; the configuration instance is the previous snapshot's when no
   * configuration znode changed.
   */
  public DirectorySnapshot assemble(boolean stale) {
    if (last != null && !configChanged && !membersChanged && last.stale() == stale) {
      return last;
    }
    OrganizationConfig config;
    List<InvalidObject> invalid;
    Map<String, SmtpUser> users;
    if (configChanged || last == null) {
      List<InvalidObject> found = new ArrayList<>();
      config = assembleConfig(found);
      invalid = found;
      users = users();
    } else {
      config = last.config();
      invalid = last.invalid();
      users = last.users();
    }
    Map<String, Member> live = new LinkedHashMap<>();
    members.values().forEach(m -> live.put(m.server().toLowerCase(Locale.ROOT), m));
    last = new DirectorySnapshot(config, live, zxid, stale, invalid, ++sequence, users);
    configChanged = false;
    membersChanged = false;
    return last;
  }

  /** The SMTP users, each at its last valid version when its current one is broken. */
  private Map<String, SmtpUser> users() {
    Map<String, SmtpUser> out = new LinkedHashMap<>();
    objects.forEach((path, stored) -> {
      if (stored.kind() == ObjectKind.SMTP_USER) {
        Object user = stored.object() != null ? stored.object() : lastValid.get(path);
        if (user instanceof SmtpUser u) {
          out.put(u.name().toLowerCase(Locale.ROOT), u);
        }
      }
    });
    return out;
  }

  private OrganizationConfig assembleConfig(List<InvalidObject> invalid) {
    ConfigView.Builder view = ConfigView.builder();
    Map<String, Object> used = new LinkedHashMap<>();
    for (Map.Entry<String, Stored> e : objects.entrySet()) {
      Object object = usable(e.getKey(), e.getValue(), e.getValue().problem(), invalid);
      if (object != null) {
        used.put(e.getKey(), object);
      }
    }
    used.forEach((path, object) -> view.addUnchecked(objects.get(path).kind(), object));
    OrganizationConfig org = view.build().organization(organization);
    // Connector rules need the organization around the connector: check the connectors that changed
    // against it, and put a connector that breaks them back to its last valid version.
    List<Connector> changed = new ArrayList<>();
    Map<Connector, String> pathOf = new java.util.IdentityHashMap<>();
    for (String path : changedObjects) {
      Stored stored = objects.get(path);
      if (stored != null && stored.object() instanceof Connector connector) {
        changed.add(connector);
        pathOf.put(connector, path);
      }
    }
    boolean replaced = false;
    ConnectorValidator.Checker checker = ConnectorValidator.checkerFor(org);
    // A whole directory's first load checks thousands of connectors: on every core, since the checker is
    // immutable; a change of a few is checked here.
    List<List<ValidationProblem>> problems = (changed.size() >= PARALLEL_CHECK ? changed.parallelStream() : changed.stream())
        .map(checker::check)
        .toList();
    for (int i = 0; i < changed.size(); i++) {
      if (!problems.get(i).isEmpty()) {
        String path = pathOf.get(changed.get(i));
        Stored stored = objects.get(path);
        String reason = path + ": " + problems.get(i).stream().map(ValidationProblem::toString)
            .collect(Collectors.joining("; "));
        reject(reason);
        objects.put(path, new Stored(stored.kind(), stored.mzxid(), null, reason));
        replaced = true;
      }
    }
    changedObjects.clear();
    if (replaced) {
      invalid.clear();
      return assembleConfig(invalid);
    }
    used.forEach(lastValid::put);
    lastValid.keySet().retainAll(objects.keySet());
    return org;
  }

  /** The object to use for {@code path}: its own, its last valid version, or none. */
  private Object usable(String path, Stored stored, String problem, List<InvalidObject> invalid) {
    if (problem == null) {
      return stored.object();
    }
    Object previous = lastValid.get(path);
    invalid.add(new InvalidObject(path, problem, previous != null));
    return previous;
  }

  private void putMember(String path, byte[] data, long mzxid) {
    try {
      members.put(path, DirectoryCodec.decode(RuntimeCodecs.MEMBER, path, data));
    } catch (CodecException e) {
      reject(e.getMessage());
      members.remove(path);
    }
    membersChanged = true;
  }

  /** Logs a bad document version once and counts it. */
  private void reject(String reason) {
    invalidSeen++;
    LOG.warn("ignoring an invalid directory object (the last valid version, if any, stays in use): {}", reason);
  }
}
