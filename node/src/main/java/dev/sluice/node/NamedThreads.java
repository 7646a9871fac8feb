package dev.sluice.node;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories whose threads carry a name an operator recognises in a thread dump. */
public final class NamedThreads {
  private NamedThreads() {}

  /** Daemon threads called {@code <name>-1}, {@code <name>-2}, ... */
  public static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
