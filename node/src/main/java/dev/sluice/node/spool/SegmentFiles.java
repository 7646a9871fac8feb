package dev.sluice.node.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files under spool.dir: {@code segments/NNNNNNNN.log}, {@code quarantine/}, and the segments
 * that are open.
 *
 * <p>Every creation and deletion of a segment file is followed by a sync of the directory, so a
 * crash cannot bring back a deleted segment or lose a new one. Not thread-safe: recovery and then
 * the writer thread own it; readers only use the {@link Segment#channel} of a segment they found.
 */
final class SegmentFiles {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentFiles.class);

  private static final String PROBE = "probe.tmp";

  private final Path root;
  private final Path segmentsDir;
  private final Path quarantineDir;
  private final Syncer syncer;
  private final FileStore store;
  private final NavigableMap<Long, Segment> open = new TreeMap<>();

  SegmentFiles(Path root, Syncer syncer) throws IOException {
    this.root = root;
    this.segmentsDir = root.resolve("segments");
    this.quarantineDir = root.resolve("quarantine");
    this.syncer = syncer;
    Files.createDirectories(segmentsDir);
    Files.createDirectories(quarantineDir);
    // The only file the spool writes outside a segment; a kill during a probe leaves it behind.
    Files.deleteIfExists(root.resolve(PROBE));
    syncDirectory(root);
    this.store = Files.getFileStore(segmentsDir);
  }

  long usableSpace() throws IOException {
    return store.getUsableSpace();
  }

  /** Opens the segment files of an earlier run, oldest first; other files are left alone. */
  List<Segment> openExisting() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(segmentsDir)) {
      for (Path entry : entries) {
        if (Segment.number(entry.getFileName().toString()) < 0) {
          LOG.warn("{} is not a spool segment; it is left alone and not read", entry);
        } else {
          files.add(entry);
        }
      }
    }
    files.sort(Comparator.comparingLong(path -> Segment.number(path.getFileName().toString())));
    List<Segment> segments = new ArrayList<>();
    for (Path file : files) {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      Segment segment = new Segment(Segment.number(file.getFileName().toString()), file, channel, channel.size());
      open.put(segment.number, segment);
      segments.add(segment);
    }
    return segments;
  }

  /** Creates the next segment, after every one that exists. */
  Segment createNext() throws IOException {
    long number = open.isEmpty() ? 1 : open.lastKey() + 1;
    Path path = segmentsDir.resolve(Segment.fileName(number));
    FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    Segment segment = new Segment(number, path, channel, 0);
    open.put(number, segment);
    try {
      syncDirectory(segmentsDir);
    } catch (IOException e) {
      segment.tainted = true;
      throw e;
    }
    return segment;
  }

  /**
   * Deletes every disposable segment among {@code candidates} except {@code active}, and those
   * that become disposable because of it. A segment that cannot be deleted stays, counted as
   * live, so the DELs that cancel its records stay too; the next call tries it again.
   */
  int deleteDisposable(Iterable<Segment> candidates, Segment active) {
    Deque<Segment> work = new ArrayDeque<>();
    candidates.forEach(work::add);
    int deleted = 0;
    while (!work.isEmpty()) {
      Segment segment = work.poll();
      if (segment == active || !segment.disposable()) {
        continue;
      }
      try {
        segment.channel.close();
        Files.deleteIfExists(segment.path);
        syncDirectory(segmentsDir);
      } catch (IOException e) {
        LOG.warn("could not delete spool segment {} ({}); it is tried again later", segment, e.toString());
        continue;
      }
      segment.deleted = true;
      open.remove(segment.number);
      deleted++;
      for (Map.Entry<Segment, Integer> holder : segment.deletesFrom.entrySet()) {
        holder.getKey().pendingDeletes -= holder.getValue();
        work.add(holder.getKey());
      }
      segment.deletesFrom.clear();
    }
    return deleted;
  }

  Iterable<Segment> openSegments() {
    return List.copyOf(open.values());
  }

  /**
   * Copies a damaged segment to {@code quarantine/} for inspection, once: an identical copy made at
   * an earlier start is not made again.
   */
  void quarantine(Segment segment, String why) {
    try {
      String name = segment.path.getFileName().toString();
      for (int copy = 0; copy < 1000; copy++) {
        Path target = quarantineDir.resolve(copy == 0 ? name : name + "." + copy);
        if (!Files.exists(target)) {
          Files.copy(segment.path, target, StandardCopyOption.COPY_ATTRIBUTES);
          LOG.error("spool segment {} is damaged ({}); a copy is in {}, its valid records are kept", segment, why, target);
          return;
        }
        if (Files.mismatch(segment.path, target) == -1) {
          LOG.error("spool segment {} is damaged ({}); it was copied to {} before", segment, why, target);
          return;
        }
      }
      LOG.error("spool segment {} is damaged ({}); quarantine/ holds too many copies to add one", segment, why);
    } catch (IOException e) {
      LOG.error("spool segment {} is damaged ({}) and could not be copied to {}: {}", segment, why, quarantineDir, e.toString());
    }
  }

  /** Writes, syncs and deletes a small file: whether the file system takes writes again. */
  void probeWrite() throws IOException {
    Path probe = root.resolve(PROBE);
    try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap(new byte[512]));
      syncer.sync(channel);
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      syncer.syncDirectory(channel);
    }
  }

  void closeAll() {
    for (Segment segment : open.values()) {
      try {
        segment.channel.close();
      } catch (IOException e) {
        LOG.warn("could not close spool segment {}: {}", segment, e.toString());
      }
    }
  }
}
