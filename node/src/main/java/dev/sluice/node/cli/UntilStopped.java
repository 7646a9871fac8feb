package dev.sluice.node.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a long-running verb (a node, a ZooKeeper server) alive until the process is stopped: SIGTERM or
 * Ctrl-C close it through a shutdown hook; an interrupt of the calling thread (how a test or an
 * embedding caller stops it) closes it too.
 */
final class UntilStopped {
  private UntilStopped() {}

  /** Blocks until the process is stopped or this thread interrupted, then closes {@code service}. */
  static void run(AutoCloseable service, String name) {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      closeQuietly(service);
      stopped.countDown();
    }, name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      closeQuietly(service);
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable service) {
    try {
      service.close();
    } catch (Exception e) {
      System.err.println("closing failed: " + e);
    }
  }
}
