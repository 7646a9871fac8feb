package dev.sluice.directory.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How one kind of directory object is written to and read from its JSON document.
 *
 * <p>Implementations are stateless and thread-safe. {@link #read} throws {@link CodecException} naming
 * the field for a missing or malformed required field and ignores fields it does not know.
 *
 * @param <T> the object type
 */
public interface ObjectCodec<T> {
  /** Writes the fields of {@code value} into {@code out} (the schema version is the caller's). */
  void write(T value, ObjectNode out);

  /** Reads an object from {@code in}. */
  T read(DocumentReader in);
}
