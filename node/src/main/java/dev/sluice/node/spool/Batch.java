package dev.sluice.node.spool;

import dev.sluice.node.spool.SpoolWriter.Begin;
import dev.sluice.node.spool.SpoolWriter.Del;
import dev.sluice.node.spool.SpoolWriter.Done;
import dev.sluice.node.spool.SpoolWriter.End;
import dev.sluice.node.spool.SpoolWriter.Pending;
import dev.sluice.node.spool.SpoolWriter.Put;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * The records of one group commit, and what becomes true once their sync has returned.
 *
 * <p>Built by the writer from what it drained, in queue order. Completions are merged to one DONE
 * per message, holding every recipient completed so far; BEGINs and ENDs keep their order, since a
 * BEGIN and an END of one message in one batch mean the opposite in the other order. Records of
 * messages already removed are left out. Writer thread only.
 */
final class Batch {
  final List<Put> puts = new ArrayList<>();
  final List<Del> dels = new ArrayList<>();
  private final List<Done> dones = new ArrayList<>();
  private final Map<LiveMessage, Set<String>> completions = new LinkedHashMap<>();
  /** Begin and End, in queue order. */
  private final List<Pending> attempts = new ArrayList<>();
  private final List<ByteBuffer> otherRecords = new ArrayList<>();
  private long putBytes;

  Batch(List<Pending> pending) {
    for (Pending each : pending) {
      if (each instanceof Put put) {
        puts.add(put);
        putBytes += put.record().remaining();
      } else if (each instanceof Del del) {
        dels.add(del);
      } else if (each instanceof Done done) {
        dones.add(done);
        if (!done.message().removed()) {
          completions.computeIfAbsent(done.message(), message -> message.completedWith(Set.of()))
              .addAll(done.recipients());
        }
      } else if (each instanceof Begin || each instanceof End) {
        attempts.add(each);
      } else {
        throw new IllegalArgumentException("not a record: " + each);
      }
    }
    completions.forEach((message, all) -> otherRecords.add(RecordCodec.done(message.id, all)));
    for (Pending attempt : attempts) {
      boolean begins = attempt instanceof Begin;
      List<RecordCodec.Attempt> entries = messages(attempt).stream().filter(message -> !message.removed())
          .map(message -> new RecordCodec.Attempt(message.id, message.crashCount())).toList();
      if (!entries.isEmpty()) {
        otherRecords.add(RecordCodec.attempts(begins ? RecordCodec.BEGIN : RecordCodec.END, entries));
      }
    }
    dels.forEach(del -> otherRecords.add(del.record()));
  }

  long putBytes() {
    return putBytes;
  }

  /** Refuses the PUTs: they are not written. */
  List<Put> takePuts() {
    List<Put> taken = List.copyOf(puts);
    puts.clear();
    putBytes = 0;
    return taken;
  }

  /** Whether nothing is to be written (what is left to complete needs no record). */
  boolean noRecords() {
    return puts.isEmpty() && otherRecords.isEmpty();
  }

  long bytes() {
    return putBytes + otherRecords.stream().mapToLong(ByteBuffer::remaining).sum();
  }

  /** The records to write at {@code start} of {@code active}, PUTs first, with where each PUT lands. */
  List<ByteBuffer> records(Segment active, long start, List<Location> placed) {
    List<ByteBuffer> buffers = new ArrayList<>();
    long offset = start;
    for (Put put : puts) {
      ByteBuffer record = put.record().duplicate();
      placed.add(new Location(active, offset, record.remaining()));
      offset += record.remaining();
      buffers.add(record);
    }
    otherRecords.forEach(record -> buffers.add(record.duplicate()));
    return buffers;
  }

  /**
   * The records are durable in {@code active}: the PUTs join the index, the other records move
   * their messages' pins there, the DELs release theirs; segments whose counts fell go to
   * {@code touched}.
   */
  void durable(Segment active, List<Location> placed, NavigableMap<Long, LiveMessage> index,
      Collection<Segment> touched) {
    for (int i = 0; i < puts.size(); i++) {
      index.put(puts.get(i).id(), new LiveMessage(puts.get(i).id(), placed.get(i)));
    }
    completions.forEach((message, all) -> message.completedIn(active, all, touched));
    for (Pending attempt : attempts) {
      for (LiveMessage message : messages(attempt)) {
        message.attemptIn(active, attempt instanceof Begin, message.crashCount(), touched);
      }
    }
    dels.forEach(del -> del.message().removedBy(active, touched));
  }

  /** Completes every future: the records are durable. */
  void complete() {
    puts.forEach(put -> put.done().complete(new SpoolId(put.id())));
    dones.forEach(done -> done.done().complete(null));
    attempts.forEach(attempt -> {
      if (attempt instanceof Begin begin) {
        begin.done().complete(null);
      }
    });
    dels.forEach(del -> del.done().complete(null));
  }

  /** What a failed write keeps to try again: removals, completions and ENDs, which no caller refuses. */
  List<Pending> retried() {
    List<Pending> kept = new ArrayList<>(dones);
    attempts.stream().filter(End.class::isInstance).forEach(kept::add);
    kept.addAll(dels);
    return kept;
  }

  /** What a failed write refuses: PUTs (answered 4xx) and BEGINs (delivery waits and tries later). */
  List<Pending> refused() {
    List<Pending> refused = new ArrayList<>(puts);
    attempts.stream().filter(Begin.class::isInstance).forEach(refused::add);
    return refused;
  }

  int removals() {
    return dels.size();
  }

  private static List<LiveMessage> messages(Pending attempt) {
    return attempt instanceof Begin begin ? begin.messages() : ((End) attempt).messages();
  }
}
