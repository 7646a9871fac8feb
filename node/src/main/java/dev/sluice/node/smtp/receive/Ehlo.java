package dev.sluice.node.smtp.receive;

import dev.sluice.node.smtp.SmtpReply;
import java.util.ArrayList;
import java.util.List;

/**
 * The EHLO reply: the server's name, then one line per offered extension (RFC 5321 section 4.1.1.1).
 *
 * <p>STARTTLS only while TLS is available and not yet on (RFC 3207); AUTH only when the policy offers it
 * (RFC 4954: after TLS, or on loopback). No enhanced status codes: RFC 2034 leaves them off the EHLO reply.
 *
 * @param fqdn the server's name
 * @param maxMessageSize the SIZE limit (RFC 1870)
 * @param startTls whether STARTTLS is offered
 * @param auth whether AUTH PLAIN LOGIN is offered
 */
record Ehlo(String fqdn, long maxMessageSize, boolean startTls, boolean auth) {
  SmtpReply reply() {
    List<String> lines = new ArrayList<>();
    lines.add(fqdn);
    lines.add("SIZE " + maxMessageSize);
    lines.add("PIPELINING");
    lines.add("8BITMIME");
    lines.add("ENHANCEDSTATUSCODES");
    lines.add("CHUNKING");
    if (startTls) {
      lines.add("STARTTLS");
    }
    if (auth) {
      lines.add("AUTH PLAIN LOGIN");
    }
    return new SmtpReply(250, java.util.Optional.empty(), lines);
  }
}
