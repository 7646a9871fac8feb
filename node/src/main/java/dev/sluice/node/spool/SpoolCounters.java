package dev.sluice.node.spool;

/**
 * Totals since the spool was opened, for metrics and the benchmark.
 *
 * @param stored messages whose PUT record is durable
 * @param removed removals whose DEL record is durable
 * @param refused messages refused or failed (each answered 4xx)
 * @param syncs group-commit syncs of record batches (directory syncs not included)
 * @param bytesWritten bytes of records written
 * @param segmentsDeleted segment files deleted because every record in them was dead
 */
public record SpoolCounters(long stored, long removed, long refused, long syncs, long bytesWritten, long segmentsDeleted) {
  /** Syncs per durable record: 1.0 without group commit, less the more sessions share a sync. */
  public double syncsPerRecord() {
    long records = stored + removed;
    return records == 0 ? 0 : (double) syncs / records;
  }
}
