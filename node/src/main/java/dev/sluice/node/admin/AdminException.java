package dev.sluice.node.admin;

import java.util.Objects;

/**
 * A request to a node's admin endpoint that did not get its answer, with what kind of failure it was (so
 * that the CLI picks its exit code without reading the message) and the endpoint's own reason.
 */
public final class AdminException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** No connection, or no answer in time: the node is down or admin.listen is elsewhere. */
    UNREACHABLE,
    /** 401: the request's signature or date was refused. */
    UNAUTHORIZED,
    /** 404: no such queue (or resource) on that node. */
    NOT_FOUND,
    /** Any other status, or an answer that is not the endpoint's JSON. */
    FAILED
  }

  private final Kind kind;
  private final String endpoint;
  private final String reason;

  AdminException(Kind kind, String endpoint, String reason, Throwable cause) {
    super(reason, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Kind kind() {
    return kind;
  }

  /** The endpoint asked, host:port. */
  public String endpoint() {
    return endpoint;
  }

  /** Why, in the endpoint's words when it answered. */
  public String reason() {
    return reason;
  }
}
