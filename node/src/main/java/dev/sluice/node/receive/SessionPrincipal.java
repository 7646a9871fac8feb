package dev.sluice.node.receive;

/** Who is on the other end of an inbound SMTP session, as far as the Receive connector's rights go. */
public enum SessionPrincipal {
  /** Nobody has authenticated. */
  ANONYMOUS,
  /** An SMTP user of the directory, authenticated with AUTH PLAIN or LOGIN. */
  SMTP_USER,
  /** Another node, authenticated as an Exchange server (its name and node secret). */
  EXCHANGE_SERVER,
  /** A partner whose client certificate was verified (mutual TLS). */
  PARTNER
}
