package dev.sluice.node.smtp.client;

import dev.sluice.node.smtp.client.SmtpClient.Reply;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one message sent over one connection: the reply that decided each recipient, the reply
 * to the end of the data (whose text usually names the next hop's queue id, for the tracking log), and the
 * two ends of the connection it went over.
 *
 * @param replies the deciding reply per recipient, in the message's order
 * @param endOfData the reply to the end of data (DATA's final dot, or BDAT LAST), when the content was sent
 * @param server the server the client connected to
 * @param local the local end, when the connection was made
 * @param dsnPassed whether the next hop offered DSN, so the recipients' NOTIFY and ORCPT went on with the
 *     message; when not, a recipient that asked NOTIFY=SUCCESS is owed a "relayed" DSN (RFC 3461 section 6.2.2)
 */
public record SendOutcome(Map<String, Reply> replies, Optional<Reply> endOfData, InetSocketAddress server,
    Optional<InetSocketAddress> local, boolean dsnPassed) {
  public SendOutcome {
    // Map.copyOf would lose the message's order.
    replies = Collections.unmodifiableMap(new LinkedHashMap<>(replies));
    Objects.requireNonNull(endOfData, "end of data reply (Optional.empty() when no content was sent)");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(local, "local address (Optional.empty() when not connected)");
  }
}
