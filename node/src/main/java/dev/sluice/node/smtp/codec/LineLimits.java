package dev.sluice.node.smtp.codec;

/**
 * How long a line the server accepts, each counted with its CRLF.
 *
 * @param commandLine a command line; RFC 5321 section 4.5.3.1.4 says 512 octets
 * @param authLine a line answering an AUTH challenge; RFC 4954 section 4 asks for at least 12,288
 * @param textLine a line of message content; RFC 5321 section 4.5.3.1.6 says 1,000 octets. A message with a
 *     longer line is refused at the end of its data, never truncated
 */
public record LineLimits(int commandLine, int authLine, int textLine) {
  public static final LineLimits RFC = new LineLimits(512, 12_288, ContentBuffer.MAX_LINE_LENGTH);

  public LineLimits {
    if (commandLine < 512) {
      throw new IllegalArgumentException("the command line limit must be at least 512 octets (RFC 5321 4.5.3.1.4), not " + commandLine);
    }
    if (authLine < 12_288) {
      throw new IllegalArgumentException("the AUTH line limit must be at least 12288 octets (RFC 4954 section 4), not " + authLine);
    }
    if (textLine < ContentBuffer.MAX_LINE_LENGTH) {
      throw new IllegalArgumentException("the text line limit must be at least 1000 octets (RFC 5321 4.5.3.1.6), not " + textLine);
    }
  }
}
