package dev.sluice.node.smtp.receive;

import java.util.Optional;

/**
 * What is known of a session when the policy is asked something: the connection, the name the client
 * gave (never trusted for anything but logs: catalogue row 12), whether TLS is on, who authenticated.
 *
 * @param connection the two ends
 * @param heloName the EHLO or HELO argument, once given
 * @param tlsActive whether STARTTLS completed
 * @param identity the authenticated identity, once AUTH succeeded
 * @param verifiedClient the subject of the client certificate, when the client presented one in the TLS
 *     handshake and it verified against the node's trusted certificates (mutual TLS)
 */
public record SessionFacts(ConnectionFacts connection, Optional<String> heloName, boolean tlsActive,
    Optional<AuthIdentity> identity, Optional<String> verifiedClient) {}
