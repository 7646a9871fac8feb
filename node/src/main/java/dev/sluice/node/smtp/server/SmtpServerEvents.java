package dev.sluice.node.smtp.server;

/**
 * What the SMTP server tells its owner as it works: sessions opening and closing, replies sent, for the
 * node's meters.
 *
 * <p>Called on the connection's event loop, so an implementation must be cheap and must not block (a
 * counter's increment); one that throws breaks the connection it was called for. {@link #NONE} ignores
 * everything.
 */
public interface SmtpServerEvents {
  /** Ignores every event. */
  SmtpServerEvents NONE = new SmtpServerEvents() { };

  /** A client connected (before the greeting, so refused connections count too). */
  default void sessionOpened() { }

  /** A connection that {@link #sessionOpened} announced has closed. */
  default void sessionClosed() { }

  /** A reply (or an AUTH challenge) was written, with its code. */
  default void replySent(int code) { }
}
