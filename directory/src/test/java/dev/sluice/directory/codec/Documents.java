package dev.sluice.directory.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Builds stored documents for the codec tests: encoded objects, edited trees and raw JSON text. */
final class Documents {
  /** The znode every test document is read from; errors must name it. */
  static final String PATH = "/sluice/contoso/config/connectors/send/to internet";

  private Documents() {}

  /** {@code value} written and read back, as a reader of its znode would see it. */
  static <T> T roundTrip(ObjectCodec<T> codec, T value) {
    return DirectoryCodec.decode(codec, PATH, DirectoryCodec.encode(codec, value));
  }

  /** The stored tree of {@code value}, schema version included, for a test to edit. */
  static <T> ObjectNode tree(ObjectCodec<T> codec, T value) {
    ObjectNode tree = DirectoryCodec.mapper().createObjectNode();
    tree.put(DirectoryCodec.SCHEMA_FIELD, DirectoryCodec.SCHEMA_VERSION);
    tree.setAll(DirectoryCodec.tree(codec, value));
    return tree;
  }

  /** The document of {@code value} after {@code edit}, as bytes. */
  static <T> byte[] edited(ObjectCodec<T> codec, T value, Consumer<ObjectNode> edit) {
    ObjectNode tree = tree(codec, value);
    edit.accept(tree);
    return bytes(tree);
  }

  static byte[] bytes(ObjectNode tree) {
    return DirectoryCodec.print(tree).getBytes(StandardCharsets.UTF_8);
  }

  /** JSON written with single quotes for readability, as UTF-8 bytes. */
  static byte[] json(String singleQuoted) {
    return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }
}
