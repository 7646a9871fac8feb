package dev.sluice.node.smtp.client;

import java.net.InetSocketAddress;

/**
 * Told of every line of the client's SMTP sessions, for the send protocol log ({@link SendProtocolLog}).
 * Never told a credential: AUTH is given as {@code AUTH PLAIN ****} and the LOGIN answers as {@code ****}.
 *
 * <p>Implementations must be thread-safe: many sessions on many event loops report at once. Each method
 * is called on a Netty event loop, so it must not block for long (a buffered file write is fine).
 */
public interface ProtocolListener {
  /**
   * A session begins: the client is about to connect from {@code local} (empty until connected) to
   * {@code remote}. The returned log takes the session's lines, in order, from this one event loop.
   */
  SessionLog begin(String connector, InetSocketAddress remote);

  /** The lines of one session; the events of Exchange's protocol log. */
  interface SessionLog {
    /** A log that drops everything: a connector whose ProtocolLoggingLevel is None. */
    SessionLog NONE = new SessionLog() {
      @Override
      public void connected(InetSocketAddress local) {}

      @Override
      public void sent(String line) {}

      @Override
      public void received(String line) {}

      @Override
      public void information(String data, String context) {}

      @Override
      public void disconnected(String context) {}
    };

    /** {@code +}: the TCP connection is up, from {@code local}. */
    void connected(InetSocketAddress local);

    /** {@code >}: a command (or content summary) the client sent. */
    void sent(String line);

    /** {@code <}: a reply the server gave (a multi-line reply as one line). */
    void received(String line);

    /** {@code *}: something worth knowing, such as the TLS parameters or a certificate's names. */
    void information(String data, String context);

    /** {@code -}: the connection ended ({@code context} says why); nothing follows. */
    void disconnected(String context);
  }
}
