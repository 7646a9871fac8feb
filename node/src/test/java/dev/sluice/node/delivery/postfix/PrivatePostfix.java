package dev.sluice.node.delivery.postfix;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Postfix instance of a test's own, under one directory: its main.cf and master.cf, queue, data and log,
 * an smtpd on one loopback address that relays everything to one relay host, with no local delivery and no
 * DNS. The system's instance (/etc/postfix, /var/spool/postfix) is never read or written: every command is
 * given {@code -c} with this instance's configuration directory.
 *
 * <p>Postfix's master runs as root and its daemons as the {@code postfix} user, so the instance needs root
 * and a directory the {@code postfix} user can traverse; {@code postfix check} makes the queue's
 * subdirectories and the data directory with the owners Postfix wants. Not thread-safe: one test drives it.
 * {@link #close} stops the master and kills it (and its process group) if it outlives {@code postfix stop};
 * a shutdown hook does the same when the JVM ends first.
 */
public final class PrivatePostfix implements AutoCloseable {
  /** Where the Debian and upstream packages put the commands and daemons. */
  public static final Path POSTFIX = Path.of("/usr/sbin/postfix");
  private static final Path MASTER = Path.of("/usr/lib/postfix/sbin/master");

  private final Path dir;
  private final Path conf;
  private final Thread killer = new Thread(this::killMaster, "postfix-killer");
  private boolean hooked;

  private PrivatePostfix(Path dir) {
    this.dir = dir;
    this.conf = dir.resolve("conf");
  }

  /**
   * Writes an instance into the new directory {@code dir}: smtpd on {@code listen}, everything relayed to
   * {@code relayHost}, {@code mainCf} appended to main.cf (restrictions, for one).
   */
  public static PrivatePostfix create(Path dir, InetSocketAddress listen, InetSocketAddress relayHost,
      List<String> mainCf) throws IOException {
    PrivatePostfix postfix = new PrivatePostfix(dir);
    // The master opens its lock in data_directory as the postfix user, and the daemons chdir to the queue
    // as that user: every directory above must let others through (a JUnit @TempDir, 0700, does not).
    for (Path above = dir.toAbsolutePath().getParent(); above != null; above = above.getParent()) {
      if (!Files.getPosixFilePermissions(above).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
        throw new IllegalArgumentException("the postfix user cannot get through " + above
            + " to the instance in " + dir + ": make it 0755");
      }
    }
    for (Path d : List.of(dir, postfix.conf, dir.resolve("queue"))) {
      Files.createDirectories(d);
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    List<String> main = new ArrayList<>(List.of(
        "compatibility_level = 3.6",
        "queue_directory = " + dir.resolve("queue"),
        // Made by 'postfix check', owned by the postfix user as Postfix insists.
        "data_directory = " + dir.resolve("data"),
        "maillog_file = " + postfix.log(),
        "maillog_file_prefixes = " + dir,
        "myhostname = postfix.test",
        "mydomain = postfix.test",
        "myorigin = postfix.test",
        // Addresses of lo other than 127.0.0.1 are no interface's: the listener is master.cf's alone.
        "inet_interfaces = loopback-only",
        "inet_protocols = ipv4",
        "mynetworks = 127.0.0.0/8",
        "relayhost = [" + relayHost.getHostString() + "]:" + relayHost.getPort(),
        "mydestination =",
        "local_transport = error:no local mail",
        "local_recipient_maps =",
        "alias_maps =",
        "alias_database =",
        "smtp_dns_support_level = disabled",
        "smtp_host_lookup = native",
        "smtpd_relay_restrictions = permit_mynetworks, reject",
        "biff = no"));
    main.addAll(mainCf);
    Files.write(postfix.conf.resolve("main.cf"), main, StandardCharsets.US_ASCII);
    // No chroot (nothing is copied into the queue), and only what relaying needs.
    Files.write(postfix.conf.resolve("master.cf"), List.of(
        listen.getHostString() + ":" + listen.getPort() + " inet n - n - - smtpd",
        "pickup unix n - n 60 1 pickup",
        "cleanup unix n - n - 0 cleanup",
        "qmgr unix n - n 300 1 qmgr",
        "rewrite unix - - n - - trivial-rewrite",
        "bounce unix - - n - 0 bounce",
        "defer unix - - n - 0 bounce",
        "trace unix - - n - 0 bounce",
        "verify unix - - n - 1 verify",
        "flush unix n - n 1000? 0 flush",
        "proxymap unix - - n - - proxymap",
        "smtp unix - - n - - smtp",
        "relay unix - - n - - smtp",
        "showq unix n - n - - showq",
        "error unix - - n - - error",
        "retry unix - - n - - error",
        "discard unix - - n - - discard",
        "anvil unix - - n - 1 anvil",
        "scache unix - - n - 1 scache",
        "postlog unix-dgram n - n - 1 postlogd"), StandardCharsets.US_ASCII);
    return postfix;
  }

  /** {@code postfix start}: returns once the master has started its services, or throws with the log. */
  public void start() throws IOException, InterruptedException {
    if (!hooked) {
      Runtime.getRuntime().addShutdownHook(killer);
      hooked = true;
    }
    postfix("check");
    postfix("start");
  }

  /** {@code postfix stop}, which waits for the master to go (and kills it after 5 seconds). */
  public void stop() throws IOException, InterruptedException {
    if (isRunning()) {
      postfix("stop");
    }
    if (isRunning()) {
      throw new IllegalStateException("Postfix in " + dir + " still runs after 'postfix stop'\n" + logText());
    }
  }

  /** Whether this instance's master holds its lock ({@code master -t} exits 0 when it does not). */
  public boolean isRunning() throws IOException, InterruptedException {
    return run(List.of(MASTER.toString(), "-c", conf.toString(), "-t")).exitCode() != 0;
  }

  /** The log file (maillog_file, written through postlogd). */
  public Path log() {
    return dir.resolve("postfix.log");
  }

  /** What Postfix has logged so far, or why it cannot be read. */
  public String logText() {
    try {
      return Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "(no Postfix log yet)";
    } catch (IOException e) {
      return "(the Postfix log cannot be read: " + e + ")";
    }
  }

  private void postfix(String command) throws IOException, InterruptedException {
    Result r = run(List.of(POSTFIX.toString(), "-c", conf.toString(), command));
    if (r.exitCode() != 0) {
      // postfix(1) reports to syslog or a terminal, not to a pipe: the log file is where its reason is.
      throw new IllegalStateException("'postfix -c " + conf + " " + command + "' exited with " + r.exitCode() + ": "
          + r.output() + "\n--- " + log() + " ---\n" + logText());
    }
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
        new java.io.File("/dev/null"))).start();
    // postfix stop waits up to 5 s before it kills; start runs check scripts: both well inside this bound.
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
    }
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
  }

  /** The master's process, from the pid file Postfix keeps in its queue. */
  private Optional<ProcessHandle> master() {
    try {
      Path pid = dir.resolve("queue/pid/master.pid");
      return Files.exists(pid) ? ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void killMaster() {
    try {
      // A stale pid file may name a process that is not ours any more: only a master that holds this
      // instance's lock (and so wrote the pid file) is killed.
      if (!isRunning()) {
        return;
      }
    } catch (IOException e) {
      // Cannot tell: the pid file and the command name decide.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    master().filter(ProcessHandle::isAlive)
        .filter(m -> m.info().command().map(c -> c.equals(MASTER.toString())).orElse(false))
        .ifPresent(m -> {
      m.descendants().forEach(ProcessHandle::destroyForcibly);
      m.destroyForcibly();
    });
  }

  /** Stops the instance; whatever survives {@code postfix stop} is killed. Idempotent. */
  @Override
  public void close() {
    try {
      stop();
    } catch (IOException | RuntimeException e) {
      System.err.println("stopping Postfix in " + dir + " failed, killing it: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      killMaster();
      if (hooked) {
        try {
          Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
          // The hook runs anyway.
        }
        hooked = false;
      }
    }
  }
}
