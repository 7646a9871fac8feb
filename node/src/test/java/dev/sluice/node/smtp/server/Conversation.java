package dev.sluice.node.smtp.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw SMTP client for tests: writes bytes as given and reads whole replies (a multi-line reply comes back
 * as one string, lines joined by LF), for what no polite client does.
 */
public final class Conversation {
  private final OutputStream out;
  private final BufferedReader in;

  public Conversation(Socket socket) throws IOException {
    this.out = socket.getOutputStream();
    this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
  }

  /** A conversation on {@code socket} whose greeting has been read: a {@code 220}, or an AssertionError. */
  public static Conversation greeted(Socket socket) throws IOException {
    Conversation c = new Conversation(socket);
    String greeting = c.reply();
    if (!greeting.startsWith("220 ")) {
      throw new AssertionError("a 220 greeting was expected, not " + greeting);
    }
    return c;
  }

  /** A socket from {@code source} (a loopback address of its own) to {@code server}, reads timing out after 10 s. */
  public static Socket connectFrom(String source, InetSocketAddress server) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(source, 0));
    socket.connect(server, 10_000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  public void send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  public String reply() throws IOException {
    StringBuilder reply = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      String line = in.readLine();
      if (line == null) {
        throw new IOException("the server closed the connection after: " + reply);
      }
      reply.append(reply.length() == 0 ? "" : "\n").append(line);
      if (line.length() < 4 || line.charAt(3) == ' ') {
        return reply.toString();
      }
    }
    throw new IOException("a reply of more than 100 lines: " + reply);
  }

  public List<String> replies(int count) throws IOException {
    List<String> replies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      replies.add(reply());
    }
    return replies;
  }

  /**
   * Whether the server has closed the connection: the next read finds its end, with nothing before it. A reset
   * counts too: a server that closes while octets the client sent are still unread answers them with RST.
   */
  public boolean closedByServer() throws IOException {
    try {
      return in.readLine() == null;
    } catch (java.net.SocketException reset) {
      if (String.valueOf(reset.getMessage()).contains("reset")) {
        return true;
      }
      throw reset;
    }
  }

  /** EHLO, MAIL and RCPT to {@code bob@example.com}, then DATA: returns the reply to DATA. */
  public String startData() throws IOException {
    return startData("bob@example.com");
  }

  /** EHLO, MAIL and RCPT to {@code recipient}, pipelined, then DATA: returns the reply to DATA. */
  public String startData(String recipient) throws IOException {
    send("EHLO client.example\r\nMAIL FROM:<alice@example.com>\r\nRCPT TO:<" + recipient + ">\r\nDATA\r\n");
    return replies(4).get(3);
  }
}
