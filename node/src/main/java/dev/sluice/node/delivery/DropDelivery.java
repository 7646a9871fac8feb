package dev.sluice.node.delivery;

import dev.sluice.node.spool.SpooledMessage;
import dev.sluice.routing.decision.RoutingDecision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Delivers a Foreign connector's queue into its drop directory: up to {@value #BATCH} messages are placed,
 * then the directory is synced once, and only then do they count as delivered. A write or sync that fails
 * (a full or read-only disk) sends the queue into Retry with every message kept.
 */
final class DropDelivery implements DeliverySession {
  static final int BATCH = 64;

  @Override
  public void run(Lease lease) {
    List<QueuedItem> placed = new ArrayList<>();
    Path dir = null;
    List<QueuedItem> batch = lease.take(BATCH);
    for (int i = 0; i < batch.size(); i++) {
      QueuedItem item = batch.get(i);
      if (!(item.decision instanceof RoutingDecision.Deliver deliver
          && deliver.target() instanceof RoutingDecision.DeliveryTarget.DropDirectory drop)) {
        lease.unreachable(item, "not a drop directory delivery: " + item.decision);
        continue;
      }
      dir = Path.of(drop.path());
      Optional<SpooledMessage> message = lease.read(item);
      if (message.isEmpty()) {
        lease.giveBack(item);
        continue;
      }
      try {
        new DropDirectory(dir).place(item.envelope.messageId(), message.get().content());
        placed.add(item);
      } catch (IOException e) {
        lease.unreachable(item, "cannot write to drop directory " + dir + ": " + e.getMessage());
        batch.subList(i + 1, batch.size()).forEach(lease::giveBack);
        break;
      }
    }
    if (placed.isEmpty()) {
      return;
    }
    try {
      new DropDirectory(dir).syncDirectory();
    } catch (IOException e) {
      for (QueuedItem item : placed) {
        lease.unreachable(item, "cannot sync drop directory " + dir + ": " + e.getMessage());
      }
      return;
    }
    lease.connected();
    for (QueuedItem item : placed) {
      lease.delivered(item, dir.toString());
    }
    lease.disconnected();
  }
}
