package dev.sluice.node.delivery;

import dev.sluice.node.config.NodeConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * When a queue whose next hop cannot be reached tries again, on Exchange 2007's schedule: the glitch retries
 * (QueueGlitchRetryCount, 1 minute apart), then the transient retries (TransientFailureRetryCount, 5 minutes
 * apart), then every OutboundConnectionFailureRetryInterval until the messages expire. Immutable.
 */
public record RetrySchedule(
    int glitchRetryCount, Duration glitchRetryInterval, int transientRetryCount, Duration transientRetryInterval,
    Duration outboundConnectionFailureRetryInterval) {
  public RetrySchedule {
    Objects.requireNonNull(glitchRetryInterval, "glitch retry interval");
    Objects.requireNonNull(transientRetryInterval, "transient retry interval");
    Objects.requireNonNull(outboundConnectionFailureRetryInterval, "outbound connection failure retry interval");
  }

  public static RetrySchedule of(NodeConfig.Queue queue) {
    return new RetrySchedule(queue.glitchRetryCount(), queue.glitchRetryInterval(), queue.transientRetryCount(),
        queue.transientRetryInterval(), queue.outboundConnectionFailureRetryInterval());
  }

  /** The wait after the {@code failures}-th failure in a row to reach the next hop (1 for the first). */
  public Duration afterFailure(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("a retry follows at least one failure, not " + failures);
    }
    if (failures <= glitchRetryCount) {
      return glitchRetryInterval;
    }
    if (failures <= glitchRetryCount + transientRetryCount) {
      return transientRetryInterval;
    }
    return outboundConnectionFailureRetryInterval;
  }
}
