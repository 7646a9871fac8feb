package dev.sluice.node.spool;

import java.io.IOException;

/**
 * Why a message was not stored: the spool was not accepting, or the write or sync of its batch
 * failed. Nothing of the message is kept; the SMTP server answers with the temporary reply of
 * {@link #state()} (452 4.3.1 or 451 4.3.0), never 5xx.
 */
public final class SpoolUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient SpoolState state;

  public SpoolUnavailableException(SpoolState state, Throwable cause) {
    super("spool is " + state.condition() + (state.detail().isEmpty() ? "" : ": " + state.detail()), cause);
    this.state = state;
  }

  /** The spool's state when the message was refused. */
  public SpoolState state() {
    return state;
  }
}
