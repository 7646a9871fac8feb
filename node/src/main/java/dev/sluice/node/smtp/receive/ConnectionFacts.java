package dev.sluice.node.smtp.receive;

import java.net.InetSocketAddress;

/**
 * The two ends of one SMTP connection, as the policy sees them before anything was said.
 *
 * @param remote the client's address and port
 * @param local the address and port of the Receive connector binding the client reached
 */
public record ConnectionFacts(InetSocketAddress remote, InetSocketAddress local) {
  /** Whether the client is on this host: the one place AUTH may be offered without TLS. */
  public boolean isLoopback() {
    return remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
  }
}
