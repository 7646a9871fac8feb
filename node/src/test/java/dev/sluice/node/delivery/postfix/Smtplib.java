package dev.sluice.node.delivery.postfix;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends one message with Python's smtplib, an SMTP client nobody here wrote: from a given source address,
 * to any number of recipients, with the message text the test composed (given on standard input).
 *
 * <p>Stateless and thread-safe.
 */
public final class Smtplib {
  /**
   * Prints "sent CODE TEXT" after DATA, or "refused CODE TEXT" for the first refused command; exits 1 on
   * anything else (a connection that fails, a timeout).
   */
  private static final String SCRIPT = String.join("\n",
      "import smtplib, sys",
      "host, port, source, sender = sys.argv[1:5]",
      "recipients = sys.argv[5:]",
      "message = sys.stdin.buffer.read()",
      "with smtplib.SMTP(host, int(port), local_hostname='client.test', source_address=(source, 0),",
      "                  timeout=30) as client:",
      "    client.ehlo()",
      "    code, text = client.mail(sender)",
      "    if code >= 300:",
      "        print('refused', code, text.decode('ascii', 'replace')); raise SystemExit(0)",
      "    for r in recipients:",
      "        code, text = client.rcpt(r)",
      "        if code >= 300:",
      "            print('refused', code, text.decode('ascii', 'replace')); raise SystemExit(0)",
      "    code, text = client.data(message)",
      "    print('sent' if code == 250 else 'refused', code, text.decode('ascii', 'replace'))",
      "");

  private Smtplib() {}

  /** Sends {@code message} (header and body, CRLF line ends) and returns what the script printed. */
  public static String send(InetSocketAddress smtp, String source, String sender, List<String> recipients,
      String message) throws Exception {
    List<String> command = new ArrayList<>(List.of("python3", "-c", SCRIPT, smtp.getHostString(),
        Integer.toString(smtp.getPort()), source, sender));
    command.addAll(recipients);
    Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream in = python.getOutputStream()) {
      in.write(message.getBytes(StandardCharsets.US_ASCII));
    }
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!python.waitFor(60, TimeUnit.SECONDS)) {
      python.destroyForcibly();
      throw new IllegalStateException("smtplib did not finish within 60 s: " + out);
    }
    if (python.exitValue() != 0) {
      throw new IllegalStateException("smtplib failed (exit " + python.exitValue() + "): " + out);
    }
    return out;
  }
}
