package dev.sluice.node.spool;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The framing of one record of a segment file. Stateless and thread-safe.
 *
 * <pre>
 *   magic   4 bytes  "SLSP"
 *   version 1 byte   1
 *   type    1 byte   1 PUT, 2 DEL, 3 DONE, 4 BEGIN, 5 END
 *   length  4 bytes  payload length
 *   id      8 bytes  the SpoolId (0 in BEGIN and END, which name many messages)
 *   payload          PUT: envelope length (4 bytes), envelope, content
 *                    DEL: nothing
 *                    DONE: a count (4 bytes), then each completed recipient address as a length
 *                          (4 bytes) and UTF-8: every recipient completed so far, not only the new
 *                          ones, so that a message's newest DONE supersedes its earlier ones
 *                    BEGIN, END: one or more (id 8 bytes, crash count 4 bytes): delivery of these
 *                          messages starts, or is over; the count is the message's crash count when
 *                          written, so its newest BEGIN or END alone gives its count (see Recovery)
 *   crc     4 bytes  CRC32C of everything above
 * </pre>
 *
 * All integers are big-endian. The checksum covers the header, so a flipped length or type is
 * caught as surely as a flipped content byte. Types 3 to 5 came with delivery; the version stays 1
 * because a spool without them reads as before.
 */
final class RecordCodec {
  static final int MAGIC = 0x534C5350;
  static final byte VERSION = 1;
  static final byte PUT = 1;
  static final byte DEL = 2;
  static final byte DONE = 3;
  static final byte BEGIN = 4;
  static final byte END = 5;
  /** The size of one (id, crash count) entry of a BEGIN or END. */
  static final int ATTEMPT_ENTRY = 12;
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

  /** One entry of a BEGIN or END record. */
  record Attempt(long id, int crashCount) {}

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

  static ByteBuffer done(long id, Collection<String> recipients) {
    List<byte[]> addresses = new ArrayList<>(recipients.size());
    long payload = 4;
    for (String recipient : recipients) {
      byte[] address = recipient.getBytes(StandardCharsets.UTF_8);
      addresses.add(address);
      payload += 4 + address.length;
    }
    if (payload > MAX_PAYLOAD) {
      throw new IllegalArgumentException(recipients.size() + " completed recipients are too many for one record");
    }
    ByteBuffer record = header(DONE, id, (int) payload).putInt(addresses.size());
    addresses.forEach(address -> record.putInt(address.length).put(address));
    return seal(record);
  }

  /** A BEGIN or END record; {@code attempts} is not empty. */
  static ByteBuffer attempts(byte type, List<Attempt> attempts) {
    ByteBuffer record = header(type, 0, attempts.size() * ATTEMPT_ENTRY);
    attempts.forEach(attempt -> record.putLong(attempt.id()).putInt(attempt.crashCount()));
    return seal(record);
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
    if (version != VERSION || !lengthFits(type, length)) {
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

  private static boolean lengthFits(byte type, int length) {
    if (length < 0 || length > MAX_PAYLOAD) {
      return false;
    }
    return switch (type) {
      case PUT -> length >= 4;
      case DEL -> length == 0;
      case DONE -> length >= 4;
      case BEGIN, END -> length > 0 && length % ATTEMPT_ENTRY == 0;
      default -> false;
    };
  }

  /**
   * The recipients of the DONE record {@code frame} of {@code segment}.
   *
   * @throws IllegalArgumentException when the payload is not a list of addresses (a bug: the
   *     checksum held)
   */
  static Set<String> recipients(ByteBuffer segment, Frame frame) {
    ByteBuffer payload = segment.duplicate().position((int) frame.offset() + HEADER)
        .limit((int) frame.offset() + HEADER + frame.payloadLength()).slice();
    int count = payload.getInt();
    if (count < 0 || count > payload.remaining() / 4) {
      throw new IllegalArgumentException("DONE record for " + new SpoolId(frame.id()) + " claims " + count + " recipients");
    }
    Set<String> recipients = new HashSet<>();
    for (int n = 0; n < count; n++) {
      int length = payload.remaining() >= 4 ? payload.getInt() : -1;
      if (length < 0 || length > payload.remaining()) {
        throw new IllegalArgumentException("DONE record for " + new SpoolId(frame.id()) + " has a recipient of "
            + length + " bytes with " + payload.remaining() + " left");
      }
      try {
        recipients.add(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .decode(payload.slice().limit(length)).toString());
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException("DONE record for " + new SpoolId(frame.id()) + " holds malformed UTF-8", e);
      }
      payload.position(payload.position() + length);
    }
    return recipients;
  }

  /** The entries of the BEGIN or END record {@code frame} of {@code segment}. */
  static List<Attempt> attempts(ByteBuffer segment, Frame frame) {
    List<Attempt> attempts = new ArrayList<>(frame.payloadLength() / ATTEMPT_ENTRY);
    for (int at = (int) frame.offset() + HEADER; at < frame.offset() + HEADER + frame.payloadLength();
        at += ATTEMPT_ENTRY) {
      attempts.add(new Attempt(segment.getLong(at), segment.getInt(at + 8)));
    }
    return attempts;
  }

  /** The envelope and content of a PUT record held in {@code record} from its offset 0. */
  static SpooledMessage message(SpoolId id, ByteBuffer record, Set<String> completed, int crashCount) {
    int payloadLength = record.getInt(6);
    ByteBuffer payload = record.duplicate().position(HEADER).limit(HEADER + payloadLength).slice();
    int envelopeLength = payload.getInt();
    if (envelopeLength < 0 || envelopeLength > payload.remaining()) {
      throw new IllegalArgumentException("envelope length " + envelopeLength + " does not fit record " + id);
    }
    ByteBuffer envelope = payload.slice().limit(envelopeLength);
    ByteBuffer content = payload.position(4 + envelopeLength).slice();
    return new SpooledMessage(id, EnvelopeCodec.decode(envelope), content, completed, crashCount);
  }
}
