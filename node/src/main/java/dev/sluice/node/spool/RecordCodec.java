package dev.sluice.node.spool;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The framing of one record of a segment file. Stateless and thread-safe.
 *
 * <pre>
 *   magic   4 bytes  "SLSP"
 *   version 1 byte   1
 *   type    1 byte   1 PUT, 2 DEL
 *   length  4 bytes  payload length
 *   id      8 bytes  the SpoolId
 *   payload          PUT: envelope length (4 bytes), envelope, content; DEL: nothing
 *   crc     4 bytes  CRC32C of everything above
 * </pre>
 *
 * All integers are big-endian. The checksum covers the header, so a flipped length or type is
 * caught as surely as a flipped content byte.
 */
final class RecordCodec {
  static final int MAGIC = 0x534C5350;
  static final byte VERSION = 1;
  static final byte PUT = 1;
  static final byte DEL = 2;
  static final int HEADER = 18;
  static final int TRAILER = 4;
  /** Far above any message the node accepts; a larger length can only be damage. */
  static final int MAX_PAYLOAD = 1 << 30;

  private RecordCodec() {}

  /** One well-formed record found in a segment. */
  record Frame(byte type, long id, long offset, int payloadLength) {
    int totalLength() {
      return HEADER + payloadLength + TRAILER;
    }
  }

  /** What lies at a position of a segment. */
  sealed interface Scan {}

  /** A record whose checksum holds. */
  record Valid(Frame frame) implements Scan {}

  /** The bytes end before the record that starts here does: a write cut short. */
  record Short(String why) implements Scan {}

  /** The bytes here are not a record: wrong magic, version, type or checksum. */
  record Damaged(String why) implements Scan {}

  static ByteBuffer put(long id, byte[] envelope, ByteBuffer content) {
    int payload = 4 + envelope.length + content.remaining();
    if (payload < 0 || payload > MAX_PAYLOAD) {
      throw new IllegalArgumentException("a message of " + content.remaining() + " bytes is too large to spool");
    }
    ByteBuffer record = header(PUT, id, payload);
    record.putInt(envelope.length).put(envelope).put(content.duplicate());
    return seal(record);
  }

  static ByteBuffer del(long id) {
    return seal(header(DEL, id, 0));
  }

  private static ByteBuffer header(byte type, long id, int payload) {
    return ByteBuffer.allocate(HEADER + payload + TRAILER)
        .putInt(MAGIC)
        .put(VERSION)
        .put(type)
        .putInt(payload)
        .putLong(id);
  }

  private static ByteBuffer seal(ByteBuffer record) {
    CRC32C crc = new CRC32C();
    crc.update(record.array(), 0, record.position());
    record.putInt((int) crc.getValue());
    return record.flip();
  }

  /**
   * Reads the record that starts at {@code position} of {@code segment} (a buffer holding the
   * segment from its offset 0), without moving the buffer.
   */
  static Scan scan(ByteBuffer segment, int position) {
    int available = segment.limit() - position;
    if (available < HEADER) {
      return new Short(available + " bytes, less than a record header");
    }
    if (segment.getInt(position) != MAGIC) {
      return new Damaged("no record magic");
    }
    byte version = segment.get(position + 4);
    byte type = segment.get(position + 5);
    int length = segment.getInt(position + 6);
    if (version != VERSION || (type != PUT && type != DEL) || length < 0 || length > MAX_PAYLOAD
        || (type == DEL && length != 0)) {
      return new Damaged("bad header (version " + version + ", type " + type + ", length " + length + ")");
    }
    if (available < HEADER + length + TRAILER) {
      return new Short("a record of " + (HEADER + length + TRAILER) + " bytes with " + available + " left");
    }
    CRC32C crc = new CRC32C();
    crc.update(segment.duplicate().position(position).limit(position + HEADER + length));
    if ((int) crc.getValue() != segment.getInt(position + HEADER + length)) {
      return new Damaged("checksum mismatch");
    }
    return new Valid(new Frame(type, segment.getLong(position + 10), position, length));
  }

  /** The envelope and content of a PUT record held in {@code record} from its offset 0. */
  static SpooledMessage message(SpoolId id, ByteBuffer record) {
    int payloadLength = record.getInt(6);
    ByteBuffer payload = record.duplicate().position(HEADER).limit(HEADER + payloadLength).slice();
    int envelopeLength = payload.getInt();
    if (envelopeLength < 0 || envelopeLength > payload.remaining()) {
      throw new IllegalArgumentException("envelope length " + envelopeLength + " does not fit record " + id);
    }
    ByteBuffer envelope = payload.slice().limit(envelopeLength);
    ByteBuffer content = payload.position(4 + envelopeLength).slice();
    return new SpooledMessage(id, EnvelopeCodec.decode(envelope), content);
  }
}
