package dev.sluice.node.spool;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The spool's binary form of an {@link Envelope}: a version byte, then each field in declaration
 * order, strings as a 4-byte length and UTF-8, optional values behind a presence byte, enums as
 * a code byte (0 for absent) and NOTIFY as a bit set. Stateless and thread-safe.
 *
 * <p>Decoding checks every length against what is left, refuses malformed UTF-8 and unknown codes,
 * and throws {@link IllegalArgumentException} naming the field; the record checksum makes that
 * a sign of a bug or of a newer format, not of a torn write.
 */
final class EnvelopeCodec {
  /** Version 1; a later version adds fields at the end and keeps reading version 1. */
  static final byte VERSION = 1;

  private EnvelopeCodec() {}

  static byte[] encode(Envelope envelope) {
    Writer out = new Writer();
    out.buffer.put(VERSION);
    out.string(envelope.messageId());
    out.string(envelope.sender());
    out.ensure(12);
    out.buffer.putLong(envelope.receivedAt().getEpochSecond());
    out.buffer.putInt(envelope.receivedAt().getNano());
    out.string(envelope.clientAddress());
    out.string(envelope.heloName());
    out.optional(envelope.authenticatedAs());
    out.string(envelope.receivingServer());
    out.string(envelope.receiveConnector());
    MailParameters parameters = envelope.parameters();
    out.ensure(3);
    out.buffer.put(code(parameters.body().map(Enum::ordinal)));
    out.buffer.put((byte) (parameters.smtpUtf8() ? 1 : 0));
    out.buffer.put(code(parameters.ret().map(Enum::ordinal)));
    out.optional(parameters.envelopeId());
    out.ensure(4);
    out.buffer.putInt(envelope.recipients().size());
    for (Recipient recipient : envelope.recipients()) {
      out.string(recipient.address());
      int bits = 0;
      for (Recipient.Notify notify : recipient.dsnNotify()) {
        bits |= 1 << notify.ordinal();
      }
      out.ensure(1);
      out.buffer.put((byte) bits);
      out.optional(recipient.originalRecipient());
    }
    ByteBuffer buffer = out.buffer.flip();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  static Envelope decode(ByteBuffer in) {
    try {
      byte version = in.get();
      if (version != VERSION) {
        throw new IllegalArgumentException(
            "envelope version " + version + " is not known to this node (it reads version " + VERSION
                + "); run the node version that wrote the spool");
      }
      String messageId = string(in, "message id");
      String sender = string(in, "sender");
      Instant receivedAt = Instant.ofEpochSecond(in.getLong(), in.getInt());
      String clientAddress = string(in, "client address");
      String heloName = string(in, "HELO name");
      Optional<String> authenticatedAs = optional(in, "authenticated identity");
      String receivingServer = string(in, "receiving server");
      String receiveConnector = string(in, "Receive connector");
      Optional<MailParameters.Body> body = enumValue(in.get(), MailParameters.Body.values(), "BODY");
      boolean smtpUtf8 = in.get() != 0;
      Optional<MailParameters.Ret> ret = enumValue(in.get(), MailParameters.Ret.values(), "RET");
      Optional<String> envelopeId = optional(in, "ENVID");
      int count = in.getInt();
      if (count < 0 || count > in.remaining()) {
        throw new IllegalArgumentException("envelope recipient count " + count + " does not fit the record");
      }
      List<Recipient> recipients = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String address = string(in, "recipient address");
        int bits = in.get();
        Set<Recipient.Notify> notify = EnumSet.noneOf(Recipient.Notify.class);
        for (Recipient.Notify value : Recipient.Notify.values()) {
          if ((bits & (1 << value.ordinal())) != 0) {
            notify.add(value);
          }
        }
        recipients.add(new Recipient(address, notify, optional(in, "ORCPT")));
      }
      return new Envelope(
          messageId, sender, recipients, receivedAt, clientAddress, heloName, authenticatedAs,
          receivingServer, receiveConnector, new MailParameters(body, smtpUtf8, envelopeId, ret));
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("envelope is shorter than its fields say", e);
    }
  }

  private static byte code(Optional<Integer> ordinal) {
    return (byte) ordinal.map(value -> value + 1).orElse(0).intValue();
  }

  private static <E> Optional<E> enumValue(byte code, E[] values, String what) {
    if (code == 0) {
      return Optional.empty();
    }
    if (code < 0 || code > values.length) {
      throw new IllegalArgumentException("unknown " + what + " code " + code + " in envelope");
    }
    return Optional.of(values[code - 1]);
  }

  private static Optional<String> optional(ByteBuffer in, String what) {
    return in.get() == 0 ? Optional.empty() : Optional.of(string(in, what));
  }

  private static String string(ByteBuffer in, String what) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException(what + " length " + length + " does not fit the envelope");
    }
    ByteBuffer slice = in.slice().limit(length);
    in.position(in.position() + length);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(slice)
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(what + " in envelope is not UTF-8", e);
    }
  }

  /** A growing buffer; envelopes are small, so doubling is cheap. */
  private static final class Writer {
    private ByteBuffer buffer = ByteBuffer.allocate(256);

    void ensure(int more) {
      if (buffer.remaining() < more) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
        bigger.put(buffer.flip());
        buffer = bigger;
      }
    }

    void string(String value) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      ensure(4 + bytes.length);
      buffer.putInt(bytes.length).put(bytes);
    }

    void optional(Optional<String> value) {
      ensure(1);
      buffer.put((byte) (value.isPresent() ? 1 : 0));
      value.ifPresent(this::string);
    }
  }
}
