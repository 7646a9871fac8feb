package dev.sluice.node.smtp.client;

import java.io.IOException;
import java.io.Writer;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's SMTP send protocol log, in the CSV layout of Exchange's: a file a day,
 * {@code SEND<yyyyMMdd>-1.LOG} in its directory (the day in UTC, rolled at UTC midnight), each file opening
 * with the {@code #Software}, {@code #Version}, {@code #Log-type}, {@code #Date} and {@code #Fields} header
 * lines, then one line per event of a session: {@code +} connect, {@code -} disconnect, {@code >} sent,
 * {@code <} received, {@code *} information. Fields holding a comma, a quote or a line end are quoted as
 * RFC 4180 says.
 *
 * <p>No credential is ever written: the client hands over AUTH already masked ({@link ProtocolListener}).
 * One per node, shared by every connector whose ProtocolLoggingLevel is Verbose (the connector-id column
 * tells them apart). Thread-safe: lines are written whole under a lock and flushed at once, so a crash loses
 * none that were written. A failing disk never reaches the client: the line is dropped and the failure
 * logged once until writing works again. Today's file reopened (a restart) is appended to, with the header
 * again.
 */
public final class SendProtocolLog implements ProtocolListener, AutoCloseable {
  static final String FIELDS = "#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,"
      + "remote-endpoint,event,data,context";
  private static final Logger LOG = LoggerFactory.getLogger(SendProtocolLog.class);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

  private final Path dir;
  private final String software;
  private final Clock clock;
  private final AtomicLong sessions;
  private Writer file;
  private LocalDate fileDay;
  private boolean failing;
  private boolean closed;

  /**
   * @param dir the directory of the files (made when missing)
   * @param version the Sluice version for the {@code #Software} line
   * @param clock gives each line's time and so the day's file
   */
  public SendProtocolLog(Path dir, String version, Clock clock) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.software = "Sluice " + version;
    this.clock = clock;
    // Session ids unique across restarts: the start time in the high bits, a counter in the low 20.
    this.sessions = new AtomicLong(clock.millis() << 20);
  }

  /** The file of {@code day}. */
  public static String fileName(LocalDate day) {
    return "SEND" + DAY.format(day) + "-1.LOG";
  }

  @Override
  public SessionLog begin(String connector, InetSocketAddress remote) {
    return new Session(connector, String.format("%016X", sessions.getAndIncrement()), endpoint(remote));
  }

  @Override
  public synchronized void close() {
    closed = true;
    closeFile();
  }

  private synchronized void write(String connector, String session, int sequence, String local, String remote,
      char event, String data, String context) {
    if (closed) {
      return;
    }
    Instant now = clock.instant();
    StringBuilder line = new StringBuilder(128).append(TIME.format(now)).append(',');
    for (String field : new String[] {connector, session, Integer.toString(sequence), local, remote}) {
      line.append(csv(field)).append(',');
    }
    line.append(event).append(',').append(csv(data)).append(',').append(csv(context)).append("\r\n");
    try {
      fileFor(now).write(line.toString());
      file.flush();
      if (failing) {
        failing = false;
        LOG.info("the send protocol log in {} is written again", dir);
      }
    } catch (IOException e) {
      closeFile();
      if (!failing) {
        failing = true;
        LOG.warn("cannot write the send protocol log in {} (lines are dropped until it works again): {}", dir,
            e.toString());
      }
    }
  }

  private Writer fileFor(Instant now) throws IOException {
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    if (file != null && day.equals(fileDay)) {
      return file;
    }
    closeFile();
    Writer w = Files.newBufferedWriter(dir.resolve(fileName(day)), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    w.write("#Software: " + software + "\r\n#Version: 8.0.0.0\r\n#Log-type: SMTP Send Protocol Log\r\n#Date: "
        + TIME.format(now) + "\r\n" + FIELDS + "\r\n");
    file = w;
    fileDay = day;
    return w;
  }

  private void closeFile() {
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        LOG.debug("closing the send protocol log: {}", e.toString());
      }
      file = null;
      fileDay = null;
    }
  }

  /** A field as CSV wants it (RFC 4180): quoted when it holds a comma, a quote or a line end. */
  static String csv(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  private static String endpoint(InetSocketAddress address) {
    String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
    return (address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /** One session's lines; used from its connection's event loop only. */
  private final class Session implements SessionLog {
    private final String connector;
    private final String id;
    private final String remote;
    private String local = "";
    private int sequence;

    Session(String connector, String id, String remote) {
      this.connector = connector;
      this.id = id;
      this.remote = remote;
    }

    private void line(char event, String data, String context) {
      write(connector, id, sequence++, local, remote, event, data, context);
    }

    @Override
    public void connected(InetSocketAddress from) {
      local = endpoint(from);
      line('+', "", "");
    }

    @Override
    public void sent(String line) {
      line('>', line, "");
    }

    @Override
    public void received(String line) {
      line('<', line, "");
    }

    @Override
    public void information(String data, String context) {
      line('*', data, context);
    }

    @Override
    public void disconnected(String context) {
      line('-', "", context);
    }
  }
}
