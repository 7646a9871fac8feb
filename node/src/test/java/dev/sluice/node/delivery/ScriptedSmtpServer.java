package dev.sluice.node.delivery;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A small SMTP server for delivery tests, on a loopback address: it answers each RCPT with what
 * {@code rcpt} says for the recipient and the end of the data with what {@code data} says for the
 * transaction's number (1 for the first; {@code CLOSE}: no reply, the connection closes), and records every
 * message it answered 250 to (with the recipients it accepted). Its greeting may be anything, or nothing. No extensions but PIPELINING-free plain ESMTP and SIZE. At most eight
 * connections at once; every read is bounded by a 30 s socket timeout.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
  /** A message the server took. */
  public record Received(String sender, List<String> recipients, String content, String clientAddress) {}

  private final ServerSocket socket;
  private final ExecutorService connections = Executors.newFixedThreadPool(8);
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger transactions = new AtomicInteger();
  private final AtomicInteger sessions = new AtomicInteger();
  private final AtomicInteger ended = new AtomicInteger();
  private volatile IntFunction<String> greeting = n -> "220 scripted.test ESMTP";
  private volatile Function<String, String> rcpt = r -> "250 2.1.5 ok";
  private volatile IntFunction<String> data = n -> "250 2.0.0 queued as T" + n;

  public ScriptedSmtpServer(InetSocketAddress address) throws IOException {
    socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(address);
    Thread accept = new Thread(this::accept, "scripted-smtp-" + address);
    accept.setDaemon(true);
    accept.start();
  }

  public ScriptedSmtpServer(String host) throws IOException {
    this(new InetSocketAddress(host, 0));
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  public ScriptedSmtpServer rcpt(Function<String, String> reply) {
    this.rcpt = reply;
    return this;
  }

  public ScriptedSmtpServer data(IntFunction<String> reply) {
    this.data = reply;
    return this;
  }

  /**
   * The greeting of the {@code n}-th session (1 for the first); null: none at all, the connection is held
   * open without a word until the client closes it (a blackhole).
   */
  public ScriptedSmtpServer greeting(IntFunction<String> reply) {
    this.greeting = reply;
    return this;
  }

  /** The sessions whose connection has closed. */
  public int endedSessions() {
    return ended.get();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public int sessions() {
    return sessions.get();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        connections.execute(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    int session = sessions.incrementAndGet();
    try (client) {
      client.setSoTimeout(30_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = client.getOutputStream();
      String hello = greeting.apply(session);
      if (hello == null) {
        while (in.read() != -1) {
          // Silent: whatever the client says goes unanswered.
        }
        return;
      }
      reply(out, hello);
      String sender = null;
      List<String> recipients = new ArrayList<>();
      for (String line; (line = in.readLine()) != null; ) {
        String upper = line.toUpperCase(java.util.Locale.ROOT);
        if (upper.startsWith("EHLO")) {
          reply(out, "250-scripted.test\r\n250 SIZE 10485760");
        } else if (upper.startsWith("HELO")) {
          reply(out, "250 scripted.test");
        } else if (upper.startsWith("MAIL FROM:")) {
          sender = path(line.substring(10));
          recipients.clear();
          reply(out, "250 2.1.0 ok");
        } else if (upper.startsWith("RCPT TO:")) {
          String recipient = path(line.substring(8));
          String answer = rcpt.apply(recipient);
          if (answer.startsWith("2")) {
            recipients.add(recipient);
          }
          reply(out, answer);
        } else if (upper.equals("DATA")) {
          if (recipients.isEmpty()) {
            reply(out, "554 5.5.1 no valid recipients");
            continue;
          }
          reply(out, "354 go ahead");
          ByteArrayOutputStream content = new ByteArrayOutputStream();
          for (String text; (text = in.readLine()) != null && !text.equals("."); ) {
            content.writeBytes((text.startsWith(".") ? text.substring(1) : text).getBytes(StandardCharsets.ISO_8859_1));
            content.writeBytes(new byte[] {'\r', '\n'});
          }
          String answer = data.apply(transactions.incrementAndGet());
          if (answer.equals("CLOSE")) {
            // The data was read to its end, and no reply comes.
            return;
          }
          if (answer.startsWith("2")) {
            received.add(new Received(sender, List.copyOf(recipients), content.toString(StandardCharsets.ISO_8859_1),
                client.getInetAddress().getHostAddress()));
          }
          reply(out, answer);
        } else if (upper.equals("RSET")) {
          sender = null;
          recipients.clear();
          reply(out, "250 2.0.0 ok");
        } else if (upper.equals("QUIT")) {
          reply(out, "221 2.0.0 bye");
          return;
        } else {
          reply(out, "502 5.5.2 not implemented");
        }
      }
    } catch (IOException e) {
      // The client went away; nothing to record.
    } finally {
      ended.incrementAndGet();
    }
  }

  private static String path(String text) {
    String t = text.strip();
    int close = t.indexOf('>');
    return t.startsWith("<") && close > 0 ? t.substring(1, close) : t;
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    connections.shutdownNow();
  }
}
