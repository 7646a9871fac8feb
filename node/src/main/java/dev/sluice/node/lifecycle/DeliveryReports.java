package dev.sluice.node.lifecycle;

import dev.sluice.node.delivery.DeliveryEvents;
import dev.sluice.node.metrics.NodeMetrics;
import dev.sluice.node.spool.Envelope;
import java.time.Duration;
import java.util.List;

/** Delivery's events as tracking log lines (SEND, DEFER, FAIL, DSN) and as the node's delivery metrics. */
final class DeliveryReports implements DeliveryEvents {
  private final TrackingLog tracking;
  private final NodeMetrics metrics;
  private final String server;

  DeliveryReports(TrackingLog tracking, NodeMetrics metrics, String server) {
    this.tracking = tracking;
    this.metrics = metrics;
    this.server = server;
  }

  @Override
  public void delivered(Envelope envelope, String connector, String host, List<String> recipients, String reply,
      Duration sinceReceipt) {
    tracking.delivery("SEND", envelope.messageId(), server, connector, envelope.sender(), recipients, reply, host);
    metrics.delivered(connector, sinceReceipt);
  }

  @Override
  public void deferred(Envelope envelope, String connector, String host, List<String> recipients, String reason) {
    tracking.delivery("DEFER", envelope.messageId(), server, connector, envelope.sender(), recipients, reason, host);
    metrics.deferred(connector);
  }

  @Override
  public void failed(Envelope envelope, String connector, String host, List<String> recipients, String status,
      String reason) {
    tracking.delivery("FAIL", envelope.messageId(), server, connector, envelope.sender(), recipients,
        reason.contains(status) ? reason : status + " " + reason, host);
    metrics.failed(connector);
  }

  @Override
  public void dsnQueued(Envelope envelope, String dsnMessageId, String to, String action) {
    tracking.delivery("DSN", envelope.messageId(), server, "", envelope.sender(), List.of(to),
        action + " " + dsnMessageId, "");
    metrics.dsnSent();
  }
}
