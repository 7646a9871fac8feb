package dev.sluice.node.lifecycle;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;

/**
 * A standalone ZooKeeper server in this process: for {@code sluice zookeeper}, and for a node whose
 * configuration says {@code zookeeper.connect: embedded}.
 *
 * <p>It starts no admin web server, answers only the {@code ruok} and {@code srvr} four-letter words, and
 * refuses a taken port at once (the embedded server would only log the failed bind and wait out its whole
 * start-up timeout). Thread-safe; {@link #close} is idempotent.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

  private final ZooKeeperServerEmbedded server;
  private final String connectString;
  private boolean closed;

  private EmbeddedZooKeeper(ZooKeeperServerEmbedded server, String connectString) {
    this.server = server;
    this.connectString = connectString;
  }

  /**
   * Starts a server listening on {@code listen}:{@code port} with its data under {@code dataDir}.
   *
   * @throws IOException naming the address or the directory when it cannot start
   */
  public static EmbeddedZooKeeper start(String listen, int port, Path dataDir) throws IOException {
    Path dir = dataDir.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    requireFreePort(listen, port);
    ZooKeeperServerEmbedded server;
    try {
      server = ZooKeeperServerEmbedded.builder()
          .baseDir(dir)
          .configuration(configuration(dir, listen, port))
          .exitHandler(ExitHandler.LOG_ONLY)
          .build();
    } catch (Exception e) {
      throw new IOException("ZooKeeper could not be set up in " + dir + ": " + e.getMessage(), e);
    }
    try {
      server.start(STARTUP_TIMEOUT.toMillis());
    } catch (Exception e) {
      server.close();
      throw new IOException("ZooKeeper could not start on " + listen + ":" + port + ": " + e.getMessage(), e);
    }
    String host = listen.contains(":") ? "[" + listen + "]" : listen;
    return new EmbeddedZooKeeper(server, host + ":" + port);
  }

  /** Whether nothing listens on {@code listen}:{@code port} now. */
  public static boolean isFree(String listen, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(listen, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A port nothing listens on now, on {@code listen}. */
  public static int freePort(String listen) throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(listen, 0));
      return probe.getLocalPort();
    }
  }

  private static void requireFreePort(String listen, int port) throws IOException {
    if (!isFree(listen, port)) {
      throw new IOException("ZooKeeper cannot listen on " + listen + ":" + port
          + ": the port is taken; choose another port, or stop what holds it");
    }
  }

  private static Properties configuration(Path dir, String listen, int port) {
    Properties p = new Properties();
    p.setProperty("tickTime", "2000");
    p.setProperty("initLimit", "10");
    p.setProperty("syncLimit", "5");
    p.setProperty("dataDir", dir.toString());
    p.setProperty("clientPort", Integer.toString(port));
    p.setProperty("clientPortAddress", listen);
    // The AdminServer would open an HTTP port (8080) nobody asked for.
    p.setProperty("admin.enableServer", "false");
    p.setProperty("4lw.commands.whitelist", "ruok,srvr");
    return p;
  }

  /** The connect string of this server, host:port. */
  public String connectString() {
    return connectString;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      server.close();
    }
  }
}
