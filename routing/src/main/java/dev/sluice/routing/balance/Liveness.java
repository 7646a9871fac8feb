package dev.sluice.routing.balance;

/** STUB API: who is alive (member znodes), each one's health and queue length. */
public final class Liveness {
  private Liveness() {}

  /** Every configured server is alive and ok, no queue lengths known. */
  public static Liveness allLive() {
    throw new UnsupportedOperationException("stub");
  }

  public boolean isLive(String server) {
    throw new UnsupportedOperationException("stub");
  }
}
