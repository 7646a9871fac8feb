package dev.sluice.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.node.admin.AdminClient;
import dev.sluice.node.admin.QueueJson;
import dev.sluice.node.delivery.queue.QueueInfo;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * get-queue, get-message, retry-queue, suspend-queue and resume-queue: a node's queues as Exchange 2007's
 * queue cmdlets show and change them, through the node's admin endpoint ({@link QueueVerb}). Tables have
 * Get-Queue's and Get-Message's columns in their order; {@code --format json} prints the endpoint's JSON.
 */
final class QueueCommands {
  private static final List<String> QUEUE_COLUMNS = List.of(
      "identity", "deliveryType", "status", "messageCount", "nextRetryTime", "nextHopDomain", "lastError");
  private static final List<String> MESSAGE_COLUMNS = List.of(
      "identity", "fromAddress", "status", "size", "queue", "recipients", "lastError");

  private QueueCommands() {}

  @Command(name = "get-queue", description = "List a node's queues (counts, next retry, last error), or show one.",
      footerHeading = "%nExample:%n", footer = {"  sluice get-queue --server HUB1", "  sluice get-queue --identity 'HUB1\\3'"})
  static final class GetQueue extends QueueVerb {
    @Option(names = "--identity", paramLabel = "QUEUE", description = "The queue, as HUB1\\3 (default: all).")
    String identity;

    @Mixin FormatOption format;

    @Override
    String queueIdentity() {
      return identity;
    }

    @Override
    void run(AdminClient node, Optional<String> queue) {
      List<ObjectNode> shown = queue.map(id -> List.of(QueueJson.write(node.queue(id))))
          .orElseGet(() -> node.queues().stream().map(QueueJson::write).toList());
      Output.objects(out(), format, shown, queue.isPresent(), QUEUE_COLUMNS);
    }
  }

  @Command(name = "get-message", description = "List the messages of a node's queues, or of one queue.",
      footerHeading = "%nExample:%n", footer = {"  sluice get-message --queue 'HUB1\\3'"})
  static final class GetMessage extends QueueVerb {
    @Option(names = "--queue", paramLabel = "QUEUE", description = "The queue, as HUB1\\3 (default: every queue).")
    String queue;

    @Mixin FormatOption format;

    @Override
    String queueIdentity() {
      return queue;
    }

    @Override
    void run(AdminClient node, Optional<String> queue) {
      Output.objects(out(), format, node.messages(queue).stream().map(QueueJson::write).toList(), false,
          MESSAGE_COLUMNS);
    }
  }

  /** A verb that changes one queue and prints what it became. */
  abstract static class QueueAction extends QueueVerb {
    @Option(names = "--identity", required = true, paramLabel = "QUEUE", description = "The queue, as HUB1\\3.")
    String identity;

    @Mixin FormatOption format;

    private final String done;
    private final BiFunction<AdminClient, String, QueueInfo> action;

    /** {@code done} is the verb in the past tense ("Suspended"); {@code action} asks the node. */
    QueueAction(String done, BiFunction<AdminClient, String, QueueInfo> action) {
      this.done = done;
      this.action = action;
    }

    @Override
    final String queueIdentity() {
      return identity;
    }

    @Override
    final void run(AdminClient node, Optional<String> queue) {
      QueueInfo after = action.apply(node, queue.orElseThrow());
      if (format.json()) {
        Output.objects(out(), format, List.of(QueueJson.write(after)), true, QUEUE_COLUMNS);
      } else {
        out().println(done + " queue '" + after.identity() + "': now " + QueueJson.print(after.status())
            + ", " + after.messageCount() + (after.messageCount() == 1 ? " message." : " messages."));
      }
    }
  }

  @Command(name = "retry-queue", description = "Try a queue's next hop now, whatever its next retry time.",
      footerHeading = "%nExample:%n", footer = {"  sluice retry-queue --identity 'HUB1\\3'"})
  static final class RetryQueue extends QueueAction {
    RetryQueue() {
      super("Retried", AdminClient::retry);
    }
  }

  @Command(name = "suspend-queue", description = "Hold a queue: nothing more leaves it until it is resumed.",
      footerHeading = "%nExample:%n", footer = {"  sluice suspend-queue --identity 'HUB1\\3'"})
  static final class SuspendQueue extends QueueAction {
    SuspendQueue() {
      super("Suspended", AdminClient::suspend);
    }
  }

  @Command(name = "resume-queue", description = "Let a suspended queue deliver again.",
      footerHeading = "%nExample:%n", footer = {"  sluice resume-queue --identity 'HUB1\\3'"})
  static final class ResumeQueue extends QueueAction {
    ResumeQueue() {
      super("Resumed", AdminClient::resume);
    }
  }
}
