package dev.sluice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.directory.codec.DirectoryCodec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints what get verbs read: JSON in the directory's own spelling ({@link DirectoryCodec#tree}), or a
 * table whose columns are fields of that JSON, so that the two formats never disagree.
 *
 * <p>Stateless. A listing is a table of the chosen columns; one object is a list of all its properties,
 * one per line, as Exchange's Format-List shows them.
 */
final class Output {
  private Output() {}

  /** Prints {@code objects}: one (when {@code single}) or a listing under the field names {@code columns}. */
  static void objects(PrintWriter out, FormatOption format, List<ObjectNode> objects, boolean single,
      List<String> columns) {
    if (format.json()) {
      if (single) {
        out.println(DirectoryCodec.print(objects.get(0)));
      } else {
        ArrayNode array = DirectoryCodec.mapper().createArrayNode();
        objects.forEach(array::add);
        out.println(DirectoryCodec.print(array));
      }
    } else if (single) {
      details(out, objects.get(0));
    } else {
      Table table = new Table(columns.stream().map(Output::heading).toList());
      for (ObjectNode object : objects) {
        table.row(columns.stream().map(c -> cell(object.get(c))).toList());
      }
      table.print(out);
    }
    out.flush();
  }

  /** Every field of {@code object}, one "Heading : value" line each. */
  static void details(PrintWriter out, ObjectNode object) {
    List<String> headings = new ArrayList<>();
    object.fieldNames().forEachRemaining(f -> headings.add(heading(f)));
    int width = headings.stream().mapToInt(String::length).max().orElse(0);
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    int i = 0;
    while (fields.hasNext()) {
      String heading = headings.get(i++);
      out.println(heading + " ".repeat(width - heading.length()) + " : " + cell(fields.next().getValue()));
    }
  }

  /** The heading of a JSON field: its name with a capital, as Exchange spells the property. */
  static String heading(String field) {
    return field.substring(0, 1).toUpperCase(Locale.ROOT) + field.substring(1);
  }

  /** A JSON value as one cell: lists joined by commas, objects as "key: value" pairs. */
  static String cell(JsonNode value) {
    if (value == null || value.isNull()) {
      return "";
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(v -> items.add(cell(v)));
      return String.join(", ", items);
    }
    if (value.isObject()) {
      List<String> pairs = new ArrayList<>();
      value.fields().forEachRemaining(e -> pairs.add(e.getKey() + ": " + cell(e.getValue())));
      return String.join("; ", pairs);
    }
    return value.asText();
  }
}
