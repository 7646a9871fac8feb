package dev.sluice.node.smtp.codec;

/**
 * What the server decoder makes of the client's bytes: one value per command line, rejected line, end of
 * message data or BDAT chunk, handed to the session one at a time.
 *
 * <p>Plain Java, no Netty types, so the session is tested without a channel. Immutable (a chunk's array is
 * the decoder's copy, handed over and not touched again).
 */
public sealed interface SmtpInput {
  /**
   * A command line that ended with CRLF, within the length limit, free of bare CR and NUL.
   *
   * @param text the line without its CRLF, each octet as one ISO-8859-1 character (lossless)
   * @param pipelinedInputFollows whether more bytes were already buffered behind this line: for DATA
   *     that is content sent before the 354 (catalogue row 35), for STARTTLS plaintext that must not
   *     reach the TLS session (row 36)
   */
  record CommandLine(String text, boolean pipelinedInputFollows) implements SmtpInput {}

  /** A line longer than the limit; the decoder discards the rest of it up to the next CRLF. */
  record LineTooLong() implements SmtpInput {}

  /**
   * A line that is not a clean command (RFC 5321 section 2.3.8: CR and LF only as CRLF). For a bare LF
   * the value comes at the LF and the decoder discards up to the next CRLF; for the others it comes at
   * the CRLF that ends the line. Either way no part of the line is executed, nor split into commands.
   */
  record MalformedLine(Defect defect) implements SmtpInput {}

  /** The flaw of a {@link MalformedLine}. */
  enum Defect { BARE_LF, BARE_CR, NUL }

  /** The end of DATA ({@code <CRLF>.<CRLF>}), with the unstuffed content and what was wrong with it. */
  record MessageData(ContentBuffer.Result content) implements SmtpInput {}

  /**
   * One BDAT chunk read whole (RFC 3030).
   *
   * @param size the chunk size the client declared, all of which was read
   * @param kept the first octets of the chunk, at most the number the session asked to keep
   */
  record Chunk(long size, byte[] kept) implements SmtpInput {}
}
