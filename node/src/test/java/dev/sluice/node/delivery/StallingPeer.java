package dev.sluice.node.delivery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ScriptedSmtpServer} that takes the connection, the envelope and the data of every transaction but,
 * until {@link #answer} is called, never replies to the end of the data: the sending node is left mid-delivery.
 * A stalled transaction is let go by {@link #answer} (or after two minutes) with a 451 that nobody reads (its
 * client is gone), so only the transactions that arrive after {@link #answer} are recorded as received.
 */
final class StallingPeer implements AutoCloseable {
  private final ScriptedSmtpServer server;
  private final AtomicInteger dataSeen = new AtomicInteger();
  private final CountDownLatch answering = new CountDownLatch(1);

  StallingPeer(InetSocketAddress address) throws IOException {
    server = new ScriptedSmtpServer(address).data(this::endOfData);
  }

  private String endOfData(int transaction) {
    dataSeen.incrementAndGet();
    if (answering.getCount() == 0) {
      return "250 2.0.0 queued as P" + transaction;
    }
    try {
      answering.await(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "451 4.3.0 stalled by the test";
  }

  /** From now on the end of the data is answered with 250; the stalled transactions are let go. */
  void answer() {
    answering.countDown();
  }

  /** Transactions whose data arrived, answered or not. */
  int dataSeen() {
    return dataSeen.get();
  }

  int sessions() {
    return server.sessions();
  }

  InetSocketAddress address() {
    return server.address();
  }

  java.util.List<ScriptedSmtpServer.Received> received() {
    return server.received();
  }

  @Override
  public void close() throws IOException {
    answering.countDown();
    server.close();
  }
}
