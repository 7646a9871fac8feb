package dev.sluice.node.smtp.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw SMTP server for tests, on plain blocking sockets, that does what the test tells it, including what
 * no good server does: each connection runs a {@link Script} that reads lines and writes replies itself.
 * {@link Peer#serve} is a plain server loop (EHLO with the extensions given, MAIL, RCPT, DATA, BDAT, RSET,
 * QUIT) whose replies a test may override per command. Every line read is recorded in order.
 */
final class ScriptedServer implements AutoCloseable {
  /** What to do with one connection. */
  interface Script {
    void run(Peer peer) throws IOException;
  }

  /** A reply for a command line, or null for the plain one. */
  interface Answers {
    String answer(String line);
  }

  private final ServerSocket socket;
  private final Thread acceptor;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final List<Socket> clients = new CopyOnWriteArrayList<>();
  private final List<InetSocketAddress> remotes = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();

  ScriptedServer(String address, Script script) throws IOException {
    socket = new ServerSocket(0, 10, InetAddress.getByName(address));
    acceptor = new Thread(() -> {
      while (!socket.isClosed()) {
        try {
          Socket client = socket.accept();
          client.setSoTimeout(10_000);
          clients.add(client);
          remotes.add((InetSocketAddress) client.getRemoteSocketAddress());
          connections.incrementAndGet();
          Thread worker = new Thread(() -> {
            try (client) {
              script.run(new Peer(client));
            } catch (SocketException e) {
              // The client (or the test) closed the connection.
            } catch (Throwable e) {
              failures.add(e);
            }
          }, "scripted-smtp-peer");
          worker.setDaemon(true);
          worker.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "scripted-smtp-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** Every line the clients sent, in order (commands, and DATA content lines). */
  List<String> lines() {
    return List.copyOf(lines);
  }

  /** The commands only: the lines that start with a verb the server knows. */
  List<String> commands() {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      String verb = l.split(" ", 2)[0].toUpperCase(Locale.ROOT);
      if (List.of("EHLO", "HELO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "QUIT", "AUTH", "STARTTLS", "NOOP")
          .contains(verb)) {
        out.add(l);
      }
    }
    return out;
  }

  int connections() {
    return connections.get();
  }

  List<InetSocketAddress> remotes() {
    return List.copyOf(remotes);
  }

  /** Whatever a script threw (a read timed out: the client did not send what the script waited for). */
  List<Throwable> failures() {
    return List.copyOf(failures);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket c : clients) {
      c.close();
    }
  }

  /** One connection as the script sees it. */
  final class Peer {
    private final Socket client;
    private final InputStream in;
    private final OutputStream out;

    Peer(Socket client) throws IOException {
      this.client = client;
      this.in = client.getInputStream();
      this.out = client.getOutputStream();
    }

    /** The next line without its CRLF; null at the end of the stream. */
    String readLine() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != -1; b = in.read()) {
        if (b == '\n') {
          String text = line.toString(StandardCharsets.UTF_8);
          text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
          lines.add(text);
          return text;
        }
        line.write(b);
      }
      return null;
    }

    byte[] readBytes(int n) throws IOException {
      return in.readNBytes(n);
    }

    void reply(String... replyLines) throws IOException {
      StringBuilder all = new StringBuilder();
      for (String l : replyLines) {
        all.append(l).append("\r\n");
      }
      out.write(all.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    /** The same connection inside TLS (the server's end of STARTTLS), once the handshake is done. */
    Peer startTls(javax.net.ssl.SSLContext context) throws IOException {
      javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) context.getSocketFactory()
          .createSocket(client, null, client.getPort(), true);
      tls.setUseClientMode(false);
      tls.startHandshake();
      return new Peer(tls);
    }

    /** Writes {@code raw} as it is, in one write (no CRLF added). */
    void write(String raw) throws IOException {
      out.write(raw.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    /** Ends the connection from the server's side. */
    void close() throws IOException {
      client.close();
    }

    /**
     * A plain server loop: the greeting, then each command answered (by {@code answers} when it gives a
     * reply, else plainly) until QUIT or the end of the stream.
     */
    void serve(List<String> extensions, Answers answers) throws IOException {
      reply("220 scripted.test ESMTP");
      serveCommands(extensions, answers);
    }

    /** {@link #serve} after the greeting, for a script that began the conversation itself. */
    void serveCommands(List<String> extensions, Answers answers) throws IOException {
      for (String line = readLine(); line != null; line = readLine()) {
        String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
        String special = answers.answer(line);
        if (special != null) {
          if (special.equals("CLOSE")) {
            close();
            return;
          }
          if (!special.isEmpty()) {
            reply(special);
          }
          continue;
        }
        switch (verb) {
          case "EHLO" -> {
            List<String> ehlo = new ArrayList<>();
            ehlo.add("scripted.test");
            ehlo.addAll(extensions);
            String[] out = new String[ehlo.size()];
            for (int i = 0; i < ehlo.size(); i++) {
              out[i] = "250" + (i == ehlo.size() - 1 ? " " : "-") + ehlo.get(i);
            }
            reply(out);
          }
          case "DATA" -> {
            reply("354 go ahead");
            for (String content = readLine(); content != null && !content.equals("."); content = readLine()) {
              // content lines are recorded by readLine
            }
            String end = answers.answer(".");
            if ("CLOSE".equals(end)) {
              close();
              return;
            }
            reply(end != null ? end : "250 2.0.0 Ok: queued as SCRIPTED1");
          }
          case "BDAT" -> {
            String[] words = line.split(" ");
            readBytes(Integer.parseInt(words[1]));
            reply(words.length > 2 ? "250 2.0.0 Ok: queued as SCRIPTED1" : "250 2.0.0 chunk taken");
          }
          case "QUIT" -> {
            reply("221 2.0.0 bye");
            return;
          }
          default -> reply("250 2.0.0 ok");
        }
      }
    }
  }
}
