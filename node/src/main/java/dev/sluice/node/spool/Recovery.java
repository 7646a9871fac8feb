package dev.sluice.node.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the index of live messages from the segment files of an earlier run.
 *
 * <p>Segments are read oldest first, every record's checksum verified. A PUT makes a message live,
 * a DEL ends it. A DONE adds to the recipients completed, a BEGIN or END sets whether a delivery
 * attempt is under way and the crash count; either is ignored when its message is not live at that
 * point of the log (its PUT was cancelled, or is in a segment deleted since). Each BEGIN and END
 * carries the message's crash count as it was when written, and the newest one decides: after an
 * END the count is the END's; after a BEGIN the last run ended during the attempt, so the count
 * is the BEGIN's plus one. Nothing is written for that: until delivery writes a newer BEGIN or END
 * (which carries the raised count), every open derives the same raised count from the same BEGIN,
 * so an open that finds no attempt under way adds no crash.
 *
 * <p>Where the bytes stop being records (of whatever type):
 * <ul>
 *   <li>when valid records follow, the segment is damaged in the middle (F6): it is copied to
 *       quarantine, the bytes up to the next valid record are skipped, and every valid record
 *       around them is kept;
 *   <li>when nothing valid follows, the rest is a tail cut short by a crash, or never synced, and
 *       so never acknowledged: it is truncated away (F1), and copied to quarantine first unless it
 *       is merely a record cut short.
 * </ul>
 * Single-threaded: it runs before the writer starts.
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private final SegmentFiles files;
  private final Syncer syncer;
  private final NavigableMap<Long, LiveMessage> index;
  /** Not acted on: the spool looks for disposable segments among all of them once recovery is done. */
  private final List<Segment> released = new ArrayList<>();
  private long largestId;
  private int puts;
  private int damaged;
  private ByteBuffer buffer;

  Recovery(SegmentFiles files, Syncer syncer, NavigableMap<Long, LiveMessage> index) {
    this.files = files;
    this.syncer = syncer;
    this.index = index;
  }

  /** Reads every segment into the index; returns the largest id seen (0 for none). */
  long run(List<Segment> segments) throws IOException {
    for (Segment segment : segments) {
      scan(segment);
    }
    int crashed = 0;
    for (LiveMessage message : index.values()) {
      if (message.inFlight()) {
        message.crashed();
        crashed++;
      }
    }
    LOG.info("spool recovered {} live messages from {} records in {} segments{}{}", index.size(), puts,
        segments.size(), damaged == 0 ? "" : ", " + damaged + " damaged regions quarantined",
        crashed == 0 ? "" : "; " + crashed + " were being delivered when the last run ended");
    return largestId;
  }

  private void scan(Segment segment) throws IOException {
    long size = segment.channel.size();
    if (size == 0) {
      return;
    }
    if (size > Integer.MAX_VALUE) {
      throw new IOException("spool segment " + segment + " is " + size + " bytes, larger than any this node writes;"
          + " move it out of the spool directory");
    }
    ByteBuffer bytes = readWhole(segment, (int) size);
    int position = 0;
    while (position < size) {
      RecordCodec.Scan scan = RecordCodec.scan(bytes, position);
      if (scan instanceof RecordCodec.Valid valid) {
        apply(segment, bytes, valid.frame());
        position += valid.frame().totalLength();
        continue;
      }
      int next = nextValid(bytes, position + 1);
      String why = (scan instanceof RecordCodec.Damaged d ? d.why() : ((RecordCodec.Short) scan).why())
          + " at offset " + position;
      if (next < 0) {
        if (scan instanceof RecordCodec.Damaged) {
          damaged++;
          files.quarantine(segment, why + ", to the end");
        } else {
          LOG.info("spool segment {} ends in a record cut short ({}); it was never acknowledged", segment, why);
        }
        segment.channel.truncate(position);
        syncer.sync(segment.channel);
        break;
      }
      damaged++;
      files.quarantine(segment, why + ", up to offset " + next);
      position = next;
    }
    segment.durableSize = segment.channel.size();
  }

  private void apply(Segment segment, ByteBuffer bytes, RecordCodec.Frame frame) {
    largestId = Math.max(largestId, frame.id());
    switch (frame.type()) {
      case RecordCodec.PUT -> {
        puts++;
        LiveMessage previous =
            index.put(frame.id(), new LiveMessage(frame.id(), new Location(segment, frame.offset(), frame.totalLength())));
        if (previous != null) {
          // Only a damaged segment copied back by hand could repeat an id; the newer copy wins.
          previous.superseded();
        }
      }
      case RecordCodec.DEL -> {
        LiveMessage removed = index.remove(frame.id());
        if (removed != null) {
          removed.removedBy(segment, released);
        }
      }
      case RecordCodec.DONE -> completed(segment, bytes, frame);
      default -> {
        for (RecordCodec.Attempt attempt : RecordCodec.attempts(bytes, frame)) {
          LiveMessage message = index.get(attempt.id());
          if (message != null) {
            message.attemptIn(segment, frame.type() == RecordCodec.BEGIN, attempt.crashCount(), released);
          }
        }
      }
    }
    released.clear();
  }

  private void completed(Segment segment, ByteBuffer bytes, RecordCodec.Frame frame) {
    LiveMessage message = index.get(frame.id());
    if (message == null) {
      return;
    }
    try {
      message.completedIn(segment, RecordCodec.recipients(bytes, frame), released);
    } catch (IllegalArgumentException e) {
      // The checksum held, so a writer wrote this: a bug, not a torn write. The recipients it
      // names are delivered again, a duplicate rather than a loss.
      damaged++;
      files.quarantine(segment, e.getMessage() + " at offset " + frame.offset());
    }
  }

  /**
   * The segment's bytes on the heap, in a buffer reused from segment to segment. Not a mapping: a
   * mapped file keeps its blocks after it is deleted until the collector unmaps it, and would
   * hold on to exactly the space a full disk needs back.
   */
  private ByteBuffer readWhole(Segment segment, int size) throws IOException {
    if (buffer == null || buffer.capacity() < size) {
      buffer = ByteBuffer.allocate(size);
    }
    ByteBuffer bytes = buffer.clear().limit(size);
    while (bytes.hasRemaining()) {
      if (segment.channel.read(bytes, bytes.position()) < 0) {
        throw new IOException("spool segment " + segment + " shrank while it was read");
      }
    }
    return bytes.flip();
  }

  private static int nextValid(ByteBuffer bytes, int from) {
    for (int position = from; position + RecordCodec.HEADER <= bytes.limit(); position++) {
      if (bytes.getInt(position) == RecordCodec.MAGIC
          && RecordCodec.scan(bytes, position) instanceof RecordCodec.Valid) {
        return position;
      }
    }
    return -1;
  }
}
