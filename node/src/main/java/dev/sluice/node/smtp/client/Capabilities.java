package dev.sluice.node.smtp.client;

import io.netty.handler.codec.smtp.SmtpResponse;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a server offered in its EHLO reply (RFC 5321 section 4.1.1.1): the extensions the client uses.
 * A HELO reply, or an EHLO that failed, offers nothing.
 *
 * @param pipelining PIPELINING (RFC 2920)
 * @param sizeOffered SIZE (RFC 1870), so the client declares a message's size in MAIL
 * @param size the limit SIZE gave, when it gave one ({@code SIZE 0} or a bare {@code SIZE}: no limit)
 * @param eightBitMime 8BITMIME (RFC 6152)
 * @param chunking CHUNKING, so BDAT (RFC 3030)
 * @param startTls STARTTLS (RFC 3207)
 * @param authMechanisms the AUTH mechanisms in upper case (RFC 4954), also from the old {@code AUTH=} form
 * @param enhancedStatusCodes ENHANCEDSTATUSCODES (RFC 2034)
 * @param smtpUtf8 SMTPUTF8 (RFC 6531)
 * @param binaryMime BINARYMIME (RFC 3030), usable only together with CHUNKING
 * @param dsn DSN (RFC 3461), so NOTIFY, ORCPT, ENVID and RET go on to this server
 */
public record Capabilities(boolean pipelining, boolean sizeOffered, OptionalLong size, boolean eightBitMime,
    boolean chunking, boolean startTls, Set<String> authMechanisms, boolean enhancedStatusCodes, boolean smtpUtf8,
    boolean binaryMime, boolean dsn) {

  /** A server that offered nothing (HELO). */
  public static final Capabilities NONE =
      new Capabilities(false, false, OptionalLong.empty(), false, false, false, Set.of(), false, false, false, false);

  public Capabilities {
    authMechanisms = Set.copyOf(authMechanisms);
  }

  /** The capabilities in an EHLO reply; the first line is the greeting and names no extension. */
  public static Capabilities of(SmtpResponse ehlo) {
    if (ehlo.code() != 250) {
      return NONE;
    }
    boolean pipelining = false;
    boolean sizeOffered = false;
    OptionalLong size = OptionalLong.empty();
    boolean eightBit = false;
    boolean chunking = false;
    boolean startTls = false;
    boolean enhanced = false;
    boolean utf8 = false;
    boolean binary = false;
    boolean dsn = false;
    Set<String> auth = new TreeSet<>();
    boolean first = true;
    for (CharSequence line : ehlo.details()) {
      if (first) {
        first = false;
        continue;
      }
      String[] words = line.toString().trim().split("[ =]+");
      if (words.length == 0 || words[0].isEmpty()) {
        continue;
      }
      switch (words[0].toUpperCase(Locale.ROOT)) {
        case "PIPELINING" -> pipelining = true;
        case "SIZE" -> {
          sizeOffered = true;
          size = words.length > 1 ? positive(words[1]) : OptionalLong.empty();
        }
        case "8BITMIME" -> eightBit = true;
        case "CHUNKING" -> chunking = true;
        case "STARTTLS" -> startTls = true;
        case "ENHANCEDSTATUSCODES" -> enhanced = true;
        case "SMTPUTF8" -> utf8 = true;
        case "BINARYMIME" -> binary = true;
        case "DSN" -> dsn = true;
        case "AUTH" -> {
          for (int i = 1; i < words.length; i++) {
            auth.add(words[i].toUpperCase(Locale.ROOT));
          }
        }
        default -> { }
      }
    }
    return new Capabilities(pipelining, sizeOffered, size, eightBit, chunking, startTls, auth, enhanced, utf8, binary,
        dsn);
  }

  /** Whether a message of {@code bytes} octets is within the server's declared SIZE. */
  public boolean admits(long bytes) {
    return size.isEmpty() || bytes <= size.getAsLong();
  }

  private static OptionalLong positive(String text) {
    try {
      long n = Long.parseLong(text);
      return n > 0 ? OptionalLong.of(n) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
