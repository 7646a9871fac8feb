package dev.sluice.node.lifecycle;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * The node's message tracking log, as Exchange keeps one per server: a file a day,
 * {@code MSGTRK<yyyyMMdd>.log} in its directory, one comma-separated line per event, kept 30 days.
 *
 * <p>Written through a logger of its own under {@value #LOGGER}, with a rolling file appender that
 * {@link #open} adds to it (Logback does the rolling), so the lines never reach the console, other logging
 * is untouched, and two nodes in one JVM (as tests run them) keep their own files.
 * Thread-safe; a line is flushed when written, not synced (tracking is for operators, the spool is what
 * must survive). {@link #close} detaches the file.
 */
public final class TrackingLog implements AutoCloseable {
  /** The logger the lines go through. */
  public static final String LOGGER = "sluice.tracking";
  /** The first line of every file: the names of the fields, as Exchange's logs open. */
  static final String FIELDS = "#Fields: date-time,event-id,internal-message-id,spool-id,server,connector,"
      + "client-ip,sender-address,recipient-count,recipient-address,total-bytes,recipient-status,remote-host";

  private static final java.util.concurrent.atomic.AtomicInteger LOGS = new java.util.concurrent.atomic.AtomicInteger();

  private final ch.qos.logback.classic.Logger lines;
  private final RollingFileAppender<ILoggingEvent> appender;

  private TrackingLog(ch.qos.logback.classic.Logger lines, RollingFileAppender<ILoggingEvent> appender) {
    this.lines = lines;
    this.appender = appender;
  }

  /** Starts writing the tracking log into {@code dir} (made when missing). */
  public static TrackingLog open(Path dir) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setName("tracking");
    TimeBasedRollingPolicy<ILoggingEvent> daily = new TimeBasedRollingPolicy<>();
    daily.setContext(context);
    daily.setParent(appender);
    daily.setFileNamePattern(dir.toAbsolutePath().resolve("MSGTRK%d{yyyyMMdd,UTC}.log").toString());
    daily.setMaxHistory(30);
    daily.start();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC},%msg%n");
    encoder.start();
    // Written each time a file is opened: a new day's, or today's again after a restart.
    ((ch.qos.logback.classic.PatternLayout) encoder.getLayout()).setFileHeader(FIELDS);
    appender.setRollingPolicy(daily);
    appender.setEncoder(encoder);
    appender.setImmediateFlush(true);
    appender.start();
    ch.qos.logback.classic.Logger logger = context.getLogger(LOGGER + "." + LOGS.incrementAndGet());
    logger.setAdditive(false);
    logger.setLevel(Level.INFO);
    logger.addAppender(appender);
    return new TrackingLog(logger, appender);
  }

  /** One RECEIVE line: the message as it entered the spool. */
  public void receive(String messageId, String spoolId, String server, String connector, String client,
      String sender, List<String> recipients, long bytes) {
    lines.info("RECEIVE,{},{},{},{},{},{},{},{},{},,", field(messageId), field(spoolId), field(server), field(connector),
        field(client), field(sender), recipients.size(),
        field(recipients.stream().collect(Collectors.joining(";"))), bytes);
  }

  /**
   * One delivery event: SEND (the next hop took the recipients), DEFER (tried again later), FAIL (a DSN
   * follows) or DSN (a notification about the message was queued; {@code status} names its id).
   */
  public void delivery(String event, String messageId, String server, String connector, String sender,
      List<String> recipients, String status, String remoteHost) {
    lines.info("{},{},,{},{},,{},{},{},,{},{}", event, field(messageId), field(server), field(connector), field(sender),
        recipients.size(), field(String.join(";", recipients)), field(status), field(remoteHost));
  }

  /** A field as CSV wants it (RFC 4180): quoted when it holds a comma, a quote or a line end. */
  static String field(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  @Override
  public void close() {
    lines.detachAppender(appender);
    appender.stop();
  }
}
