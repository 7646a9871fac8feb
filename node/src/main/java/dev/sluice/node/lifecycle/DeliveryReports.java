package dev.sluice.node.lifecycle;

import dev.sluice.node.delivery.DeliveryEvents;
import dev.sluice.node.metrics.NodeMetrics;
import dev.sluice.node.spool.Envelope;
import dev.sluice.routing.decision.NextHopType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Delivery's events as tracking log lines (SEND, DEFER, FAIL, DSN) and as the node's delivery metrics; a
 * delivery to another node of the organization also counts as a relay to that server.
 */
final class DeliveryReports implements DeliveryEvents {
  /** The next hops that are another node (the host is then the server's name). */
  private static final Set<NextHopType> RELAYS = EnumSet.of(NextHopType.SMTP_RELAY_TO_CONNECTOR_SOURCE_SERVERS,
      NextHopType.SMTP_RELAY_TO_REMOTE_AD_SITE, NextHopType.SMTP_RELAY_WITHIN_AD_SITE_TO_EDGE);

  private final TrackingLog tracking;
  private final NodeMetrics metrics;
  private final String server;

  DeliveryReports(TrackingLog tracking, NodeMetrics metrics, String server) {
    this.tracking = tracking;
    this.metrics = metrics;
    this.server = server;
  }

  @Override
  public void delivered(Envelope envelope, String connector, NextHopType type, String host, List<String> recipients,
      String reply, Duration sinceReceipt) {
    tracking.delivery("SEND", envelope.messageId(), server, connector, envelope.sender(), recipients, reply, host);
    metrics.delivered(connector, sinceReceipt);
    if (RELAYS.contains(type)) {
      metrics.relayed(connector, host);
    }
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
