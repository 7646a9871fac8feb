package dev.sluice.directory.codec;

/**
 * A stored document that cannot be read: it names the znode, the field and what is wrong with it, so
 * that whoever wrote it knows what to fix.
 */
public final class CodecException extends RuntimeException {
  private final String path;
  private final String field;

  public CodecException(String path, String field, String problem) {
    super(path + ": " + (field.isEmpty() ? "" : "field '" + field + "' ") + problem);
    this.path = path;
    this.field = field;
  }

  public CodecException(String path, String field, String problem, Throwable cause) {
    this(path, field, problem);
    initCause(cause);
  }

  /** The znode of the document. */
  public String path() {
    return path;
  }

  /** The field at fault, or empty when the document as a whole is. */
  public String field() {
    return field;
  }
}
